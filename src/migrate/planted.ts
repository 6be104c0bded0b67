// Planted mistakes: a test-only seam through which test/integration/planted.test.ts switches on,
// one at a time, a deliberate mistake inside the migrator's own code, to prove that `validate`
// names it (docs/ARCHITECTURE.md, "The validator"). Each plant is one `if (planted("..."))` where
// that mistake would be made. Active only when NEXTCRM_MIGRATE_PLANT names one and the process
// runs under vitest (VITEST is set, in the test runner and the CLI processes it spawns): never in
// a normal run.
//
// The mistakes in one field of one row are made on what transformDocument gave, in
// src/migrate/tables.ts, not inside src/transform/document.ts: the validator's import graph
// reaches document.ts (for its types), and test/unit/validator-boundary.test.ts forbids it to reach
// src/migrate/. The row written is the same.
import type { Document } from "mongodb";
import { isObjectIdLike } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { converters } from "../transform/convert.js";
import { DocumentError, transformDocument, type Exists, type Transformed } from "../transform/document.js";
import { fromEntries } from "../transform/ejson.js";

export const PLANTED_MISTAKES = [
  /** A junction pair dropped: the stage loses the first entry of one document's array. */
  "junctionEntryDropped",
  /** A junction pair pointing at another document: one entry names another document of the same table. */
  "junctionEntryRetargeted",
  /** A dangling array entry discarded instead of kept in nextcrm_migrate.unmapped. */
  "danglingNotKept",
  /** One date of one row written a millisecond late. */
  "dateOffByOneMs",
  /** One text[] column of one row written in reverse order. */
  "textArrayReversed",
  /** One integer in one jsonb value written as a string. */
  "jsonIntegerAsString",
  /** One document's unknown field dropped instead of kept in nextcrm_migrate.unmapped. */
  "unknownFieldDropped",
  /** One repair applied without its original kept. */
  "repairOriginalDropped",
  /** Stub boards given another owner than the rule's. */
  "stubOwnerWrong",
  /** A value that must fail its document written as NULL instead, the row written. */
  "failedDocumentWritten",
  /** One repaired value written wrong (INVOICE → RECEIPT instead of OTHER), its original kept. */
  "repairedValueWrong",
  /** One document neither written nor failed: lost without a word. */
  "documentLost",
  /** One reference to a document that exists written as NULL, as a danglingToNull repair with the reference as its original. */
  "referenceNulledAsDangling",
] as const;

export type PlantedMistake = (typeof PLANTED_MISTAKES)[number];

/**
 * Where the plants that strike one victim strike: the first document (in `_id` order, as a table
 * is read) of this table, or junction, that has what the mistake needs. A table reads its batches
 * one after another, so the victim is the same in every run, whatever runs beside it.
 */
export const PLANTED_IN: Partial<Record<PlantedMistake, string>> = {
  junctionEntryDropped: "DocumentsToCrmAccountsTasks",
  junctionEntryRetargeted: "DocumentsToCrmAccountsTasks",
  danglingNotKept: "DocumentsToContacts",
  dateOffByOneMs: "crm_Accounts",
  textArrayReversed: "crm_Contacts",
  jsonIntegerAsString: "Invoices",
  unknownFieldDropped: "crm_Contacts",
  repairOriginalDropped: "crm_Contacts",
  repairedValueWrong: "Documents",
  documentLost: "crm_Leads",
  referenceNulledAsDangling: "crm_Contacts",
};

const ACTIVE: PlantedMistake | undefined = (() => {
  const name = process.env.NEXTCRM_MIGRATE_PLANT;
  if (!name || !process.env.VITEST) return undefined;
  if (!(PLANTED_MISTAKES as readonly string[]).includes(name))
    throw new Error(`NEXTCRM_MIGRATE_PLANT: no planted mistake is called "${name}" (${PLANTED_MISTAKES.join(", ")})`);
  return name as PlantedMistake;
})();

/** Whether this planted mistake is switched on (read once: a cached comparison). */
export function planted(name: PlantedMistake): boolean {
  return ACTIVE === name;
}

const struck = new Set<PlantedMistake>();

/** True once per run: for the first call from the table or junction the plant strikes in (PLANTED_IN). */
export function victim(name: PlantedMistake, at: string): boolean {
  if (PLANTED_IN[name] !== at || struck.has(name)) return false;
  struck.add(name);
  return true;
}

/** The first entry of a later document's `field` that names a document `doc`'s array does not: another document of the same table. */
export function laterEntry(docs: readonly Document[], doc: Document, field: string): unknown {
  const own = new Set((doc[field] as unknown[]).filter(isObjectIdLike).map((e) => String(e).toLowerCase()));
  for (const d of docs.slice(docs.indexOf(doc) + 1)) {
    const first = Array.isArray(d[field]) ? (d[field] as unknown[])[0] : undefined;
    if (isObjectIdLike(first) && !own.has(String(first).toLowerCase())) return first;
  }
  return undefined;
}

/** Whether a JSON value holds a whole number somewhere. */
export const holdsInteger = (json: unknown): boolean =>
  Number.isInteger(json) || (typeof json === "object" && json !== null && Object.values(json).some(holdsInteger));

/** The JSON value with its first whole number (depth first) written as a string. */
export function firstIntegerAsString(json: unknown): unknown {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (!done && Number.isInteger(v)) {
      done = true;
      return String(v);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)] as const));
    return v;
  };
  return walk(json);
}

// ---- the mistakes in one field of one row: each changes `t`, what the transform gave, for its one victim ----

/** dateOffByOneMs: the first date the transform wrote of the victim, a millisecond late. */
export function dateOffByOneMs(c: CollectionMapping, doc: Document, t: Transformed): void {
  const f = c.columns.find((x) => x.conversion === "date" && doc[x.field] instanceof Date && typeof t.row[x.field] === "string");
  if (f && victim("dateOffByOneMs", c.collection)) t.row[f.field] = converters.date(new Date((doc[f.field] as Date).getTime() + 1));
}

/** textArrayReversed: the victim's first text[] whose order shows, reversed. */
export function textArrayReversed(c: CollectionMapping, t: Transformed): void {
  const reversible = (v: unknown) => Array.isArray(v) && v.length > 1 && v[0] !== v.at(-1);
  const f = c.columns.find((x) => x.conversion === "stringArray" && reversible(t.row[x.field]));
  if (f && victim("textArrayReversed", c.collection)) t.row[f.field] = [...(t.row[f.field] as unknown[])].reverse();
}

/** jsonIntegerAsString: the victim's first jsonb holding a whole number, with that number as a string. */
export function jsonIntegerAsString(c: CollectionMapping, t: Transformed): void {
  const f = c.columns.find((x) => x.conversion === "json" && holdsInteger(t.row[x.field]));
  if (f && victim("jsonIntegerAsString", c.collection)) t.row[f.field] = firstIntegerAsString(t.row[f.field]);
}

/** unknownFieldDropped: the victim's first unknown field, gone from what nextcrm_migrate.unmapped gets. */
export function unknownFieldDropped(c: CollectionMapping, t: Transformed): void {
  const u = t.unmapped;
  const key = u?.fields ? Object.keys(u.fields)[0] : undefined;
  if (!u?.fields || key === undefined || !victim("unknownFieldDropped", c.collection)) return;
  delete u.fields[key];
  if (!Object.keys(u.fields).length) delete u.fields;
  if (!u.fields && !u.repaired) t.unmapped = null;
}

/** repairOriginalDropped: the victim's first emptyToNull repair, its original ("") not kept. */
export function repairOriginalDropped(c: CollectionMapping, t: Transformed): void {
  const repaired = t.unmapped?.repaired;
  const field = repaired && Object.keys(repaired).find((k) => repaired[k]!.kind === "emptyToNull" && "original" in repaired[k]!);
  if (field && victim("repairOriginalDropped", c.collection)) delete repaired[field]!.original;
}

/** repairedValueWrong: the victim's retired enum value written as another value of the enum than the repair's, its original kept. */
export function repairedValueWrong(c: CollectionMapping, t: Transformed): void {
  const repaired = t.unmapped?.repaired;
  const field = repaired && Object.keys(repaired).find((k) => repaired[k]!.kind === "retiredEnumValue");
  const wrong =
    field && c.columns.find((x) => x.field === field)?.enumValues?.find((v) => v !== t.row[field] && v !== repaired[field]!.original);
  if (field && wrong && victim("repairedValueWrong", c.collection)) t.row[field] = wrong;
}

/**
 * referenceNulledAsDangling: the victim's first optional reference to a document that exists,
 * written as NULL and recorded as a danglingToNull repair, as a reference probe that wrongly
 * answered "missing" would leave it.
 */
export function referenceNulledAsDangling(c: CollectionMapping, doc: Document, t: Transformed): void {
  const f = c.columns.find(
    (x) =>
      x.references &&
      !x.required &&
      x.repairs.some((r) => r.kind === "danglingToNull") &&
      typeof t.row[x.field] === "string" &&
      !t.unmapped?.repaired?.[x.field],
  );
  if (!f || !victim("referenceNulledAsDangling", c.collection)) return;
  t.row[f.field] = null;
  t.repairs.push({ field: f.field, kind: "danglingToNull", detail: `${f.field} named a missing ${f.references} document; set to NULL` });
  const u = (t.unmapped ??= {});
  (u.repaired ??= {})[f.field] = { kind: "danglingToNull", original: doc[f.field] };
}

/**
 * failedDocumentWritten: the row of a document that failed on a nullable column, transformed again
 * with that column NULL; undefined for any other failure.
 */
export function withFailingColumnNull(c: CollectionMapping, doc: Document, e: unknown, exists: Exists): Transformed | undefined {
  if (!(e instanceof DocumentError) || c.columns.find((x) => x.field === e.field)?.required !== false) return undefined;
  try {
    return transformDocument(c, { ...doc, [e.field]: null }, exists);
  } catch {
    return undefined;
  }
}
