// Plausible values for one field, chosen by the map's conversion and flavoured by the field name.
import { Double, Long, type ObjectId } from "mongodb";
import type { ColumnField, TodayRepair } from "../map/types.js";
import type { Rng } from "./random.js";

const FIRST = ["Jana", "Petr", "Lucie", "Tomáš", "Anna", "Martin", "Eva", "Jakub", "Sarah", "John", "Olga", "Mykola", "Lena", "Paul"];
const LAST = ["Novák", "Svoboda", "Dvořák", "Smith", "Müller", "Kovalenko", "Johnson", "Černá", "Weber", "Brown"];
const WORDS = [
  "alpha",
  "beta",
  "review",
  "contract",
  "renewal",
  "pipeline",
  "quarterly",
  "invoice",
  "kickoff",
  "follow-up",
  "demo",
  "proposal",
  "budget",
  "meeting",
  "support",
];
const CITIES = ["Praha", "Brno", "Berlin", "Kyiv", "London", "Wien", "Ostrava", "Munich"];
const COUNTRIES = ["Czechia", "Germany", "Ukraine", "United Kingdom", "Austria"];
const PRIORITIES = ["low", "medium", "high", "critical"];
const MIME = ["application/pdf", "image/png", "image/jpeg", "text/plain"];

const sentence = (rng: Rng, n = 6) => Array.from({ length: 2 + rng.int(n) }, () => rng.pick(WORDS)).join(" ");

/** Ids of documents a field without a relation still names in the app (who created or edited). */
export const IMPLICIT_REFERENCES: Record<string, string> = {
  createdBy: "Users",
  updatedBy: "Users",
  last_activity_by: "Users",
  last_updated_by: "Users",
  contact: "crm_Contacts",
  account: "crm_Accounts",
  sharedWith: "Users",
};

export interface ValueContext {
  rng: Rng;
  /** Ordinal of the document in its collection (keeps unique fields unique). */
  i: number;
  /** A random existing document of `collection`, or undefined when it has none. */
  idIn(collection: string): ObjectId | undefined;
  /** The document's own creation time, for dates that should follow it. */
  created: Date;
}

function text(field: string, ctx: ValueContext): string {
  const { rng, i } = ctx;
  const f = field.toLowerCase();
  if (f.includes("email"))
    return `${rng.pick(FIRST).toLowerCase()}.${i}.${rng.hex(4)}@example.com`.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  if (/phone|fax|mobile/.test(f))
    return `+420 ${600 + rng.int(400)} ${rng.int(1000).toString().padStart(3, "0")} ${rng.int(1000).toString().padStart(3, "0")}`;
  if (/url|website|avatar|icon/.test(f)) return `https://example.com/${rng.pick(WORDS)}/${rng.hex(8)}`;
  if (/password/.test(f)) return `$2b$10$${rng.hex(53)}`;
  if (/api_key|servicekey/.test(f)) return `sk-${rng.hex(40)}`;
  if (f === "first_name" || f === "firstname") return rng.pick(FIRST);
  if (f === "last_name" || f === "lastname") return rng.pick(LAST);
  if (f === "name" || f.endsWith("_name") || f === "username" || f === "partner" || f === "title")
    return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  if (f.includes("city")) return rng.pick(CITIES);
  if (f.includes("country_code")) return rng.pick(["CZ", "DE", "UA", "GB", "AT"]);
  if (f.includes("country")) return rng.pick(COUNTRIES);
  if (f.includes("street")) return `${rng.pick(LAST)}ova ${1 + rng.int(200)}`;
  if (/zip|postal/.test(f)) return `${100 + rng.int(800)} ${10 + rng.int(89)}`;
  if (f === "priority") return rng.pick(PRIORITIES);
  if (f.includes("mimetype")) return rng.pick(MIME);
  if (f === "createdat") return ctx.created.toISOString();
  if (f === "birthday")
    return `${1950 + rng.int(50)}-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`;
  if (f === "currency" || f === "invoice_currency") return rng.pick(["CZK", "EUR", "USD"]);
  if (f.includes("status") || f === "type" || f === "visibility") return rng.pick(["ACTIVE", "INACTIVE", "PENDING", "public", "private"]);
  if (/description|content|comment|note|next_step/.test(f)) return sentence(rng, 12);
  return sentence(rng, 3);
}

/** Money in whole units and sizes in bytes: what NextCRM's release holds in 32-bit integers. */
export const isAmount = (field: string) => /^(budget|expected_revenue|salary|value|size)$/.test(field);

function integer(field: string, rng: Rng): number {
  if (field === "__v") return 0;
  if (field === "probability") return rng.int(101);
  if (field === "likes") return rng.int(50);
  if (isAmount(field)) return rng.int(2_000_000);
  return rng.int(20);
}

function json(field: string, rng: Rng): unknown {
  if (field === "invoice_items") {
    return Array.from({ length: 1 + rng.int(4) }, () => ({
      name: sentence(rng, 3),
      quantity: 1 + rng.int(10),
      unit_price: Math.round(rng.next() * 100000) / 100,
      vat: rng.pick([0, 10, 21]),
    }));
  }
  return rng.chance(0.5)
    ? Array.from({ length: rng.int(4) }, () => rng.pick(WORDS))
    : [{ name: rng.pick(WORDS), color: rng.pick(["red", "green", "blue"]) }];
}

/** A value for `field`, or undefined to leave an optional field out of the document. */
export function valueFor(field: ColumnField, ctx: ValueContext): unknown {
  const { rng } = ctx;
  // mongoose always wrote `__v`; the quirks take it away now and then.
  // A field today's NextCRM needs filled is filled; the quirks empty it now and then (notForToday).
  const present =
    field.sourceRequired ||
    field.field === "__v" ||
    field.today?.kind === "nullToText" ||
    rng.chance(field.conversion === "objectId" ? 0.85 : 0.7);
  if (!present) return undefined;
  switch (field.conversion) {
    case "objectId": {
      const target = field.references ?? IMPLICIT_REFERENCES[field.field] ?? "Users";
      return ctx.idIn(target);
    }
    case "objectIdArray":
      return Array.from({ length: rng.int(3) }, () => ctx.idIn(IMPLICIT_REFERENCES[field.field] ?? "Users")).filter(Boolean);
    case "date":
      return new Date(ctx.created.getTime() + rng.int(400 * 24 * 3600) * 1000 + rng.int(1000));
    case "int":
      return integer(field.field, rng);
    case "boolean":
      return rng.chance(0.5);
    case "string":
      return field.vocabulary ? rng.pick(field.vocabulary.values) : text(field.field, ctx);
    case "stringArray":
      return Array.from({ length: rng.int(4) }, () => (field.field === "notes" ? sentence(rng, 10) : rng.pick(WORDS)));
    case "json":
      return json(field.field, rng);
    case "enum": {
      const retired = field.today?.kind === "retiredEnumValue" ? field.today.from : undefined;
      return rng.pick((field.enumValues ?? []).filter((v) => v !== retired));
    }
  }
}

/** mongoose stored `__v` as a double now and then. */
export const asDouble = (n: number) => new Double(n);

/** An amount mongoose wrote as an Int64 beyond what the release's 32-bit columns hold. */
export const beyond32Bits = (rng: Rng) => Long.fromNumber(3_000_000_000 + rng.int(1_000_000_000));

/** Words the app never offered, typed in through its API or an import. */
export const OFF_VOCABULARY = ["Reseller", "Cold", "Webinar"];

/**
 * What real data holds where today's NextCRM needs another value (the field's TodayRepair); `pick`
 * chooses among the forms it takes, the first of which the repair always changes.
 */
export function notForToday(r: TodayRepair, value: unknown, pick: <T>(xs: readonly T[]) => T): unknown {
  switch (r.kind) {
    case "retiredEnumValue":
      return r.from;
    case "nullToText":
      return null;
    case "heldForUpgrade":
      return pick(OFF_VOCABULARY);
    case "currencyCode":
      return pick([" eur", "usd", "GBP", "Euro"]);
    case "nullElements":
      return [...(Array.isArray(value) ? value : []), null];
  }
}
