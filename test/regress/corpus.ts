// The hostile corpus: documents real NextCRM databases (or attackers) can hold, each with the
// outcome docs/ARCHITECTURE.md ("Repairs") prescribes. `migrated`: the row holds every value exactly (unknown
// fields in nextcrm_migrate.unmapped). `repaired`: the listed repairs, originals kept in
// nextcrm_migrate.unmapped. `failed`: no row; the id and the reason in migration-errors.log.
// Nothing may be rounded, truncated, replaced or dropped on the way.
import { createHash } from "node:crypto";
import { Binary, BSONRegExp, Decimal128, Double, Long, ObjectId, Timestamp, UUID, type Document } from "mongodb";
import { SeedGenerator } from "../../src/seed/seed.js";
import type { Repair } from "../../src/map/types.js";

/** The normal data the corpus is mixed into (seed generator, no quirks). */
export const SEED = { scale: 2000, seed: 11 } as const;
const seeded = new SeedGenerator(SEED.seed, SEED.scale, false);
/** The i-th seeded document of a collection: a reference that resolves. */
export const existing = (collection: string, i = 0): ObjectId => seeded.idOf(collection, i);

/** Corpus ids: ObjectIds of March 2024 (their time is the default creation timestamp). */
export const oid = (n: number) => new ObjectId(`66000000${n.toString(16).padStart(16, "0")}`);
/** Ids no document has: what a deleted document leaves behind. */
export const ghost = (n: number) => new ObjectId(`dead0000${n.toString(16).padStart(16, "0")}`);

export type Outcome =
  | { outcome: "migrated" }
  | {
      outcome: "repaired";
      repairs: Record<string, Repair["kind"]>;
      /** Column values after the repair, where not NULL. */
      row?: Document;
    }
  | { outcome: "failed"; reason: string };

export interface Case {
  kind: string;
  collection: string;
  doc: Document;
  expect: Outcome;
  /** Keys without a column that must be kept in `nextcrm_migrate.unmapped.data.fields`. */
  unknown?: string[];
  /**
   * What the source holds where the driver or server rewrites a value on insert (the migrator
   * can only be asked to keep what the source holds).
   */
  holds?: Document;
  /** jsonb columns, as the JSON text PostgreSQL must hold (for values plain JSON cannot spell). */
  json?: Record<string, string>;
  /** One junction's view of this document: the other ends paired with it, and the entries kept as dangling. */
  junction?: { name: string; field: string; pairs: ObjectId[]; dangling?: unknown[] };
  /**
   * Values no MongoDB driver can read back (a lone UTF-16 surrogate, an invalid Date): the pure
   * transform and PostgreSQL are given them directly, never the source server.
   */
  direct?: string;
  /**
   * Values the source server may refuse (FerretDB rejects NaN, Decimal128, `$` and `.` in keys,
   * nested arrays; it turns -0 into 0): end to end where the server keeps them exactly,
   * otherwise handed to the transform and PostgreSQL directly.
   */
  probe?: true;
  /** Kept out of the main run, with why: hostile.test.ts runs it in a test of its own. */
  apart?: string;
}

const U0 = existing("Users", 0);
const U1 = existing("Users", 1);
const D0 = existing("Documents", 0);
const D1 = existing("Documents", 1);
const ACCOUNT_TASK = existing("crm_Accounts_Tasks", 3);
const MB = "ä€𝄞".repeat(190_000) + "x".repeat(100_000); // 1.1 MB of UTF-8, 2- to 4-byte characters

const deep = (levels: number): Document => {
  let v: Document = { leaf: "bottom", n: levels };
  for (let i = 1; i < levels; i++) v = { level: levels - i, d: v };
  return v;
};

const account = (n: number, extra: Document): Document => ({
  _id: oid(n),
  __v: 0,
  createdAt: new Date("2024-03-01T10:00:00.000Z"),
  name: `Hostile ${n}`,
  ...extra,
});
// With the values today's NextCRM needs (src/map/collections.ts, `today`), so that the cases test what they name.
const contact = (n: number, extra: Document): Document => ({
  _id: oid(n),
  __v: 0,
  first_name: "Hostile",
  last_name: `Hostile ${n}`,
  status: true,
  ...extra,
});
const task = (n: number, extra: Document): Document => ({
  _id: oid(n),
  __v: 0,
  title: `Hostile ${n}`,
  priority: "high",
  position: 1,
  content: "",
  ...extra,
});
const contract = (n: number, extra: Document): Document => ({
  _id: oid(n),
  __v: 0,
  title: `Contract ${n}`,
  value: 1000n,
  status: "SIGNED",
  ...extra,
});
const invoice = (n: number, extra: Document): Document => ({
  _id: oid(n),
  __v: 0,
  date_created: new Date("2024-03-02T00:00:00.000Z"),
  last_updated: new Date("2024-03-02T00:00:00.000Z"),
  invoice_file_mimeType: "application/pdf",
  invoice_file_url: "https://example.com/i.pdf",
  visibility: true,
  ...extra,
});

/** A board that was deleted while sections of it were kept. */
/** 12,000 hex digits of a SHA-256 chain: too long for an index row even compressed. */
const INCOMPRESSIBLE = Array.from({ length: 188 }, (_, i) => createHash("sha256").update(`incompressible ${i}`).digest("hex"))
  .join("")
  .slice(0, 12_000);
export const ORPHANED_BOARD = ghost(7);

/** The account whose NUL fails it; a contact below points at it. */
const FAILED_ACCOUNT = oid(8);

export const corpus: Case[] = [
  // Wrong BSON types: nothing is coerced.
  {
    kind: "string where a date is",
    collection: "crm_Accounts",
    doc: account(1, { updatedAt: "2021-03-04T05:06:07Z" }),
    expect: { outcome: "failed", reason: "updatedAt: expected a Date, got string" },
  },
  {
    kind: "number as a string in an integer column",
    collection: "crm_Opportunities_Sales_Stages",
    doc: { _id: oid(2), __v: 0, name: "Stage", probability: "50" },
    expect: { outcome: "failed", reason: "probability: expected a number, got string" },
  },
  {
    kind: "boolean as a string",
    collection: "crm_Contacts",
    doc: contact(3, { status: "true" }),
    expect: { outcome: "failed", reason: "status: expected a boolean, got string" },
  },
  {
    kind: "array where a scalar is",
    collection: "crm_Accounts",
    doc: account(4, { name: ["Acme", "Inc"] }),
    expect: { outcome: "failed", reason: "name: expected a string, got array" },
  },
  {
    kind: "object where a string is",
    collection: "crm_Leads",
    doc: { _id: oid(5), __v: 0, lastName: "Obj", email: { work: "a@example.com" } },
    expect: { outcome: "failed", reason: "email: expected a string, got object" },
  },
  {
    kind: "number in a text column",
    collection: "crm_Accounts",
    doc: account(6, { employees: 250 }),
    expect: { outcome: "failed", reason: "employees: expected a string, got number" },
  },
  {
    kind: "Date in a text date column",
    collection: "TodoList",
    doc: { _id: oid(7), createdAt: new Date("2022-01-01T00:00:00.000Z"), description: "d", title: "t", url: "u", user: "x" },
    expect: { outcome: "failed", reason: "createdAt: expected a string, got Date" },
  },

  // What PostgreSQL cannot store.
  {
    kind: "NUL byte in text",
    collection: "crm_Accounts",
    doc: account(8, { description: "before\u0000after" }),
    expect: { outcome: "failed", reason: "description: text holds a NUL character" },
  },
  {
    kind: "NUL byte in a nested jsonb string",
    collection: "Tasks",
    doc: task(9, { tags: { labels: ["ok", "bad\u0000"] } }),
    expect: { outcome: "failed", reason: "tags: JSON holds a NUL character" },
  },
  {
    kind: "NUL byte in an unknown field",
    collection: "Employees",
    doc: { _id: oid(10), __v: 0, avatar: "a", name: "n", salary: 1n, status: "s", legacy_note: { text: "x\u0000y" } },
    expect: { outcome: "failed", reason: "legacy_note: JSON holds a NUL character" },
  },
  {
    kind: "NUL byte in a text array",
    collection: "crm_Contacts",
    doc: contact(11, { notes: ["fine", "nul\u0000"] }),
    expect: { outcome: "failed", reason: "notes: text holds a NUL character" },
  },
  {
    kind: "lone UTF-16 surrogate written through the driver",
    collection: "crm_Accounts",
    doc: account(12, { description: "lone\uD800x" }),
    // The driver encodes strings as UTF-8, which has no lone surrogates: U+FFFD is what is stored.
    holds: { description: "lone\uFFFDx" },
    expect: { outcome: "migrated" },
  },
  {
    kind: "lone UTF-16 surrogate reaching the transform",
    collection: "crm_Accounts",
    doc: account(13, { description: "lone\uDC00x" }),
    direct: "no driver read yields it: invalid UTF-8 fails the read",
    expect: { outcome: "failed", reason: "invalid input syntax for type json" },
  },

  // Edges of ranges: kept exactly or failed, never rounded.
  {
    kind: "int32 max in an integer column",
    collection: "Tasks",
    doc: task(14, { position: 2147483647, likes: 0 }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "int32 min in an integer column",
    collection: "crm_Opportunities_Type",
    doc: { _id: oid(15), __v: 0, name: "Type", order: -2147483648 },
    expect: { outcome: "migrated" },
  },
  {
    kind: "Long beyond int32 in an integer column",
    collection: "Boards",
    doc: { _id: oid(16), __v: 0, title: "B", description: "d", visibility: "public", user: U0, position: Long.fromNumber(2147483648) },
    expect: { outcome: "failed", reason: "position: 2147483648 does not fit a 32-bit integer column" },
  },
  {
    kind: "Long beyond int32 in a money column (the release holds int4)",
    collection: "crm_Opportunities",
    doc: {
      _id: oid(17),
      __v: 0,
      name: "Hostile",
      createdAt: new Date("2024-03-01T00:00:00.000Z"),
      budget: Long.MAX_VALUE,
      expected_revenue: 1,
    },
    expect: { outcome: "failed", reason: "budget: 9223372036854775807 does not fit a 32-bit integer column" },
  },
  {
    kind: "int32 max and min as Long in money columns",
    collection: "crm_Opportunities",
    doc: {
      _id: oid(80),
      __v: 0,
      name: "Hostile",
      createdAt: new Date("2024-03-01T00:00:00.000Z"),
      budget: Long.fromNumber(2147483647),
      expected_revenue: Long.fromNumber(-2147483648),
    },
    expect: { outcome: "migrated" },
  },
  {
    kind: "Double with a fraction in an integer column",
    collection: "crm_Opportunities_Sales_Stages",
    doc: { _id: oid(18), __v: 0, name: "Half", probability: 12.5 },
    expect: { outcome: "failed", reason: "probability: 12.5 has a fraction" },
  },
  {
    kind: "whole Double in an integer column",
    collection: "crm_Opportunities_Sales_Stages",
    doc: { _id: oid(19), name: "Whole", probability: new Double(40), __v: new Double(3) },
    expect: { outcome: "migrated" },
  },
  {
    kind: "Long beyond 2^53 inside a jsonb field",
    collection: "Tasks",
    doc: task(20, {
      tags: {
        big: Long.fromString("1152921504606846977"),
        min: Long.MIN_VALUE,
        small: Long.fromNumber(5),
        list: [Long.fromString("9007199254740993")],
      },
    }),
    json: {
      tags: '{"big": {"$numberLong": "1152921504606846977"}, "min": {"$numberLong": "-9223372036854775808"}, "small": 5, "list": [{"$numberLong": "9007199254740993"}]}',
    },
    expect: { outcome: "migrated" },
  },
  {
    kind: "NaN in an integer column",
    collection: "crm_Opportunities_Sales_Stages",
    doc: { _id: oid(21), __v: 0, name: "NaN", probability: NaN },
    probe: true,
    expect: { outcome: "failed", reason: "probability: NaN is not a whole number" },
  },
  {
    kind: "Infinity in an integer column",
    collection: "crm_Opportunities_Sales_Stages",
    doc: { _id: oid(22), __v: 0, name: "Inf", order: -Infinity },
    probe: true,
    expect: { outcome: "failed", reason: "order: -Infinity is not a whole number" },
  },
  {
    kind: "NaN, Infinity and -0 inside a jsonb field",
    collection: "Tasks",
    doc: task(23, { tags: { nan: NaN, inf: Infinity, ninf: -Infinity, nzero: -0, zero: 0 } }),
    probe: true,
    json: {
      tags: '{"nan": {"$numberDouble": "NaN"}, "inf": {"$numberDouble": "Infinity"}, "ninf": {"$numberDouble": "-Infinity"}, "nzero": {"$numberDouble": "-0.0"}, "zero": 0}',
    },
    expect: { outcome: "migrated" },
  },
  {
    kind: "Timestamp inside a jsonb field",
    collection: "Tasks",
    doc: task(85, { tags: { when: new Timestamp({ t: 1700000000, i: 3 }), small: new Timestamp({ t: 5, i: 7 }) } }),
    json: { tags: '{"when": {"$timestamp": {"t": 1700000000, "i": 3}}, "small": {"$timestamp": {"t": 5, "i": 7}}}' },
    expect: { outcome: "migrated" },
  },
  {
    kind: "a backslash and then a NUL inside a jsonb field",
    collection: "Tasks",
    doc: task(90, { tags: { bad: "\\\u0000" } }),
    expect: { outcome: "failed", reason: "tags: JSON holds a NUL character" },
  },
  {
    kind: "text spelling \\u0000 inside a jsonb field",
    collection: "Tasks",
    doc: task(86, { tags: { note: "\\u0000 is not a NUL", odd: "\\\\u0000" } }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "-0 in an integer column",
    collection: "crm_Opportunities_Type",
    doc: { _id: oid(24), __v: 0, name: "Minus zero", order: -0 },
    probe: true,
    expect: { outcome: "migrated" },
  },
  {
    kind: "Decimal128 in an integer money column",
    collection: "Employees",
    doc: { _id: oid(25), __v: 0, avatar: "a", name: "n", status: "s", salary: Decimal128.fromString("1000.50") },
    probe: true,
    expect: { outcome: "failed", reason: "salary: Decimal128 1000.50 in a whole-number column" },
  },
  {
    kind: "Decimal128 inside a jsonb field",
    collection: "Invoices",
    doc: invoice(26, { invoice_items: [{ price: Decimal128.fromString("19.99") }] }),
    probe: true,
    json: { invoice_items: '[{"price": {"$numberDecimal": "19.99"}}]' },
    expect: { outcome: "migrated" },
  },
  {
    kind: "date in year 0001",
    collection: "crm_Contracts",
    doc: contract(27, { endDate: new Date("0001-01-01T00:00:00.000Z") }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "date at the end of 9999",
    collection: "crm_Contracts",
    doc: contract(28, { renewalReminderDate: new Date("9999-12-31T23:59:59.999Z") }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "date before 1970 with milliseconds",
    collection: "crm_Contracts",
    doc: contract(29, { customerSignedDate: new Date("1969-07-20T20:17:40.123Z"), companySignedDate: new Date(-1) }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "invalid Date written through the driver",
    collection: "crm_Contracts",
    doc: contract(30, { endDate: new Date(NaN) }),
    // BSON dates are int64 milliseconds: the driver writes NaN as 0.
    holds: { endDate: new Date(0) },
    expect: { outcome: "migrated" },
  },
  {
    kind: "invalid Date reaching the transform",
    collection: "crm_Contracts",
    doc: contract(31, { endDate: new Date(NaN) }),
    direct: "BSON has no invalid date; no driver read yields one",
    expect: { outcome: "failed", reason: "endDate: invalid Date" },
  },
  {
    kind: "date in year 10000",
    collection: "crm_Contracts",
    doc: contract(32, { endDate: new Date("+010000-01-01T00:00:00.000Z") }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "date in 1 BC",
    collection: "crm_Contracts",
    doc: contract(33, { endDate: new Date("0000-06-01T12:00:00.000Z") }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "date before 4713 BC",
    collection: "crm_Contracts",
    doc: contract(34, { endDate: new Date("-005000-01-01T00:00:00.000Z") }),
    expect: { outcome: "failed", reason: "endDate: Date -219951936000000 ms is outside PostgreSQL's timestamp range" },
  },

  // Sizes.
  {
    kind: "1.1 MB string of multi-byte characters",
    collection: "crm_Accounts",
    doc: account(35, { description: MB }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "document nested 100 levels deep (99 in a jsonb field)",
    collection: "crm_Accounts_Tasks",
    doc: { _id: oid(36), __v: 0, title: "Deep", content: "", priority: "low", tags: deep(99) },
    expect: { outcome: "migrated" },
  },
  {
    kind: "10,000-element text array",
    collection: "crm_Contacts",
    doc: contact(37, { notes: Array.from({ length: 10_000 }, (_, i) => `note ${i}`) }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "10,000-element jsonb array",
    collection: "Invoices",
    doc: invoice(38, { invoice_items: Array.from({ length: 10_000 }, (_, i) => ({ line: i, price: i / 4 })) }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "nested arrays in a jsonb field",
    collection: "Invoices",
    doc: invoice(39, { invoice_items: [[1, 2], [[3]], []] }),
    probe: true,
    expect: { outcome: "migrated" },
  },

  // Odd _ids: each its own deterministic UUID.
  {
    kind: "string _id",
    collection: "crm_Industry_Type",
    doc: { _id: "legacy-industry", __v: 0, name: "String id" },
    expect: { outcome: "migrated" },
  },
  { kind: "int _id", collection: "crm_Industry_Type", doc: { _id: 42, __v: 0, name: "Int id" }, expect: { outcome: "migrated" } },
  {
    kind: "Long _id beyond 2^53",
    collection: "crm_Industry_Type",
    doc: { _id: Long.fromString("9007199254740993"), __v: 0, name: "Long id" },
    expect: { outcome: "migrated" },
  },
  { kind: "Double _id", collection: "crm_Industry_Type", doc: { _id: 4.5, __v: 0, name: "Double id" }, expect: { outcome: "migrated" } },
  {
    kind: "Date _id",
    collection: "crm_Industry_Type",
    doc: { _id: new Date("2020-01-01T00:00:00.000Z"), __v: 0, name: "Date id" },
    expect: { outcome: "migrated" },
  },
  {
    kind: "ObjectId-looking hex string _id",
    collection: "crm_Industry_Type",
    doc: { _id: "66000000000000000000ab01", __v: 0, name: "Hex string id" },
    expect: { outcome: "migrated" },
  },
  {
    kind: "ObjectId-looking hex string _id next to its ObjectId twin",
    apart: "FerretDB refuses the twin (E11000); the case runs in full on MongoDB",
    collection: "crm_Industry_Type",
    doc: { _id: existing("crm_Industry_Type", 0).toHexString(), __v: 0, name: "Twin of a seeded id" },
    expect: { outcome: "failed", reason: "spells the _id of another crm_Industry_Type document" },
  },
  {
    kind: "UUID (binary subtype 4) _id",
    collection: "crm_Industry_Type",
    doc: { _id: new UUID("0f8fad5b-d9cb-469f-a165-70867728950e"), __v: 0, name: "UUID id" },
    expect: { outcome: "migrated" },
  },
  {
    kind: "embedded document _id",
    collection: "crm_Industry_Type",
    doc: { _id: { tenant: "acme", n: 7 }, __v: 0, name: "Embedded id" },
    expect: { outcome: "migrated" },
  },
  { kind: "null _id", collection: "crm_Industry_Type", doc: { _id: null, __v: 0, name: "Null id" }, expect: { outcome: "migrated" } },
  {
    kind: "missing creation timestamp under a non-ObjectId _id",
    collection: "crm_Accounts",
    doc: { _id: "account-with-string-id", __v: 0, name: "No createdAt" },
    expect: { outcome: "failed", reason: "createdAt: missing, and the _id is not an ObjectId" },
  },

  // Odd encodings: byte for byte, never normalized.
  {
    kind: "emoji (ZWJ sequences, flags, astral)",
    collection: "crm_Contacts",
    doc: contact(40, { first_name: "👩‍👩‍👧‍👦 Zoë 🇨🇿 𝔘𝔫𝔦" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "combining characters (NFD kept as NFD)",
    collection: "crm_Contacts",
    doc: contact(41, { last_name: "Zoe\u0308 Ame\u0301lie", first_name: "A\u030A\u0323" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "right-to-left text with bidi controls",
    collection: "crm_Contacts",
    doc: contact(42, { description: "مرحبا \u202Eabc\u202C שלום \u200F!" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "zero-width characters and a BOM",
    collection: "crm_Contacts",
    doc: contact(43, { position: "\uFEFFZero\u200Bwidth\u200C\u200D\u2060" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "CRLF, lone CR, tabs, backslashes and quotes",
    collection: "crm_Contacts",
    doc: contact(44, { description: "line1\r\nline2\rline3\n\tTab \\ back \\N \"quote\" 'single' \\u0000" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "text that looks like Extended JSON",
    collection: "crm_Contacts",
    doc: contact(45, { description: '{"$numberLong": "5"}', tags: ['{"$oid": "507f1f77bcf86cd799439011"}'] }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "empty string in a required text column",
    collection: "crm_Accounts",
    doc: account(46, { name: "" }),
    expect: { outcome: "migrated" },
  },

  // References.
  {
    kind: "dangling optional reference",
    collection: "crm_Accounts",
    doc: account(47, { assigned_to: ghost(1) }),
    expect: { outcome: "repaired", repairs: { assigned_to: "danglingToNull" } },
  },
  {
    kind: "dangling optional reference as a hex string",
    collection: "crm_Contacts",
    doc: contact(48, { assigned_to: ghost(2).toHexString().toUpperCase() }),
    expect: { outcome: "repaired", repairs: { assigned_to: "danglingToNull" } },
  },
  {
    kind: "dangling required reference",
    collection: "Boards",
    doc: { _id: oid(49), __v: 0, title: "B", description: "d", visibility: "public", user: ghost(3) },
    expect: { outcome: "failed", reason: `user: references Users ${ghost(3).toHexString()}, which does not exist` },
  },
  {
    kind: "reference to a document that failed",
    collection: "crm_Contacts",
    doc: contact(50, { accountsIDs: FAILED_ACCOUNT }),
    expect: { outcome: "repaired", repairs: { accountsIDs: "danglingToNull" } },
  },
  {
    kind: '"" in an optional ObjectId field',
    collection: "crm_Leads",
    doc: { _id: oid(51), __v: 0, lastName: "Empty ref", assigned_to: "" },
    expect: { outcome: "repaired", repairs: { assigned_to: "emptyToNull" } },
  },
  {
    kind: '"" in an ObjectId field without a foreign key',
    collection: "crm_Accounts",
    doc: account(52, { createdBy: "" }),
    expect: { outcome: "repaired", repairs: { createdBy: "emptyToNull" } },
  },
  {
    kind: '"" in a required ObjectId field',
    collection: "openAi_keys",
    doc: { _id: oid(53), __v: 0, user: "", organization_id: "o", api_key: "k" },
    expect: { outcome: "failed", reason: 'user: expected an ObjectId, got string ""' },
  },
  {
    kind: "text that is not an ObjectId in an ObjectId field",
    collection: "crm_Accounts",
    doc: account(54, { createdBy: "not-an-id" }),
    expect: { outcome: "failed", reason: 'createdBy: expected an ObjectId, got string "not-an-id"' },
  },
  {
    kind: "reference as an upper-case hex string",
    collection: "crm_Accounts",
    doc: account(55, { assigned_to: U1.toHexString().toUpperCase() }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "comment on a CRM account task",
    collection: "tasksComments",
    doc: { _id: oid(56), __v: 0, comment: "c", createdAt: new Date("2024-03-03T00:00:00.000Z"), user: U0, task: ACCOUNT_TASK },
    expect: { outcome: "repaired", repairs: { task: "redirect" }, row: { assigned_crm_account_task: ACCOUNT_TASK } },
  },
  {
    kind: "several repairs and unknown fields in one document",
    collection: "crm_Leads",
    doc: { _id: oid(57), __v: 0, lastName: "Many", assigned_to: "", accountsIDs: ghost(4), legacy_flag: true },
    unknown: ["legacy_flag"],
    expect: { outcome: "repaired", repairs: { assigned_to: "emptyToNull", accountsIDs: "danglingToNull" } },
  },

  // Junction arrays.
  {
    kind: "junction array with duplicates",
    collection: "crm_Accounts",
    doc: account(58, { watchers: [U0, U0, U0.toHexString().toUpperCase()] }),
    junction: { name: "AccountWatchers", field: "watchers", pairs: [U0] },
    expect: { outcome: "migrated" },
  },
  {
    kind: "junction entries that are not ObjectIds",
    collection: "crm_Leads",
    doc: { _id: oid(59), __v: 0, lastName: "Junk", documentsIDs: ["garbage", 42, { x: 1 }, D0] },
    junction: { name: "DocumentsToLeads", field: "documentsIDs", pairs: [D0], dangling: ["garbage", 42, { x: 1 }] },
    expect: { outcome: "migrated" },
  },
  {
    kind: "NUL byte in a junction array entry",
    collection: "crm_Leads",
    doc: { _id: oid(87), __v: 0, lastName: "Nul entry", documentsIDs: ["a\u0000", D0] },
    expect: { outcome: "failed", reason: "documentsIDs: JSON holds a NUL character" },
  },
  {
    kind: "null entry in a junction array",
    collection: "crm_Leads",
    doc: { _id: oid(60), __v: 0, lastName: "Null entry", documentsIDs: [null, D1] },
    junction: { name: "DocumentsToLeads", field: "documentsIDs", pairs: [D1], dangling: [null] },
    expect: { outcome: "migrated" },
  },
  {
    kind: "junction entries pointing at missing documents",
    collection: "crm_Contacts",
    doc: contact(61, { documentsIDs: [D0, ghost(5), ghost(6).toHexString()] }),
    junction: { name: "DocumentsToContacts", field: "documentsIDs", pairs: [D0], dangling: [ghost(5), ghost(6).toHexString()] },
    expect: { outcome: "migrated" },
  },
  {
    kind: "junction sides disagree (only the user lists the board)",
    collection: "Users",
    doc: { _id: oid(62), __v: 0, name: "Hostile", email: "side@example.com", watching_boardsIDs: [oid(63)] },
    expect: {
      outcome: "repaired",
      repairs: {
        created_on: "missingToDefault",
        is_account_admin: "missingToDefault",
        is_admin: "missingToDefault",
        userStatus: "missingToDefault",
        userLanguage: "missingToDefault",
      },
      row: { created_on: oid(62).getTimestamp(), is_account_admin: false, is_admin: false, userStatus: "PENDING", userLanguage: "en" },
    },
    junction: { name: "BoardWatchers", field: "watching_boardsIDs", pairs: [oid(63)] },
  },
  {
    kind: "junction sides disagree (the board does not list the user)",
    collection: "Boards",
    doc: { _id: oid(63), __v: 0, title: "Watched", description: "d", visibility: "public", user: U0, watchers: [] },
    junction: { name: "BoardWatchers", field: "watchers", pairs: [oid(62)] },
    expect: { outcome: "migrated" },
  },
  {
    kind: "junction field that is not an array",
    collection: "crm_Accounts",
    doc: account(64, { watchers: U0 }),
    expect: { outcome: "failed", reason: "watchers: expected an array of ObjectIds, got ObjectId" },
  },

  // Unknown fields: kept, with their BSON types.
  {
    kind: "unknown top-level fields",
    collection: "Employees",
    doc: {
      _id: oid(65),
      __v: 0,
      avatar: "a",
      name: "n",
      salary: 10n,
      status: "s",
      legacy_score: 7,
      legacy_meta: { source: "import", at: new Date("2018-06-01T00:00:00.000Z") },
    },
    unknown: ["legacy_score", "legacy_meta"],
    expect: { outcome: "migrated" },
  },
  {
    kind: "whole-number Doubles in unknown fields keep their type",
    collection: "Employees",
    doc: {
      _id: oid(89),
      __v: 0,
      avatar: "a",
      name: "n",
      salary: 10n,
      status: "s",
      legacy_rate: new Double(1),
      legacy_big: new Double(2 ** 40),
      legacy_nested: { d: new Double(3), i: 3, l: 5n },
    },
    unknown: ["legacy_rate", "legacy_big", "legacy_nested"],
    expect: { outcome: "migrated" },
  },
  {
    kind: "unknown nested fields of every BSON type",
    collection: "Employees",
    doc: {
      _id: oid(66),
      __v: 0,
      avatar: "a",
      name: "n",
      salary: 10n,
      status: "s",
      legacy: {
        oid: U0,
        big: Long.fromString("1152921504606846977"),
        bin: new Binary(Buffer.from([0, 1, 255]), 0),
        ts: new Timestamp({ t: 1700000000, i: 7 }),
        re: new BSONRegExp("^a.+z$", "is"),
        neg: -1.5,
        nul: null,
        arr: [1, "two", { three: 3 }],
      },
    },
    unknown: ["legacy"],
    expect: { outcome: "migrated" },
  },
  {
    kind: "unknown fields with odd names",
    collection: "Employees",
    doc: {
      _id: oid(67),
      __v: 0,
      avatar: "a",
      name: "n",
      salary: 10n,
      status: "s",
      "": "empty key",
      "a b": 1,
      ключ: "значение",
      "🔑": true,
    },
    unknown: ["", "a b", "ключ", "🔑"],
    expect: { outcome: "migrated" },
  },
  {
    kind: "unknown fields with dots and $ in their names",
    collection: "Employees",
    doc: { _id: oid(68), __v: 0, avatar: "a", name: "n", salary: 10n, status: "s", legacy: { "a.b": 1, $note: "dollar", "x.$y": [1] } },
    unknown: ["legacy"],
    probe: true,
    expect: { outcome: "migrated" },
  },
  {
    kind: "__v on a collection without one",
    collection: "TodoList",
    doc: { _id: oid(69), __v: 2, createdAt: "2022-01-01", description: "d", title: "t", url: "u", user: "x" },
    unknown: ["__v"],
    expect: { outcome: "migrated" },
  },

  // PostgreSQL's limits on one value: a btree index row holds at most 2704 bytes (after compression).
  {
    kind: "text beyond a btree index's row limit",
    collection: "Tasks",
    doc: task(88, { priority: INCOMPRESSIBLE }),
    expect: { outcome: "failed", reason: "index row" },
  },

  // Missing required fields.
  {
    kind: "missing required field with a Prisma default",
    collection: "crm_Contacts",
    doc: { _id: oid(70), __v: 0, first_name: "No", last_name: "No status" },
    expect: { outcome: "repaired", repairs: { status: "missingToDefault" }, row: { status: true } },
  },
  {
    kind: "missing required creation timestamp",
    collection: "crm_Accounts",
    doc: { _id: oid(71), __v: 0, name: "No createdAt" },
    expect: { outcome: "repaired", repairs: { createdAt: "missingToDefault" }, row: { createdAt: oid(71).getTimestamp() } },
  },
  {
    kind: "null required money field with a default",
    collection: "crm_Opportunities",
    doc: { _id: oid(72), __v: 0, name: "Hostile", createdAt: new Date("2024-03-01T00:00:00.000Z"), budget: null, expected_revenue: 3n },
    expect: { outcome: "repaired", repairs: { budget: "missingToDefault" }, row: { budget: 0 } },
  },
  {
    kind: "missing required field without a default",
    collection: "crm_Accounts",
    doc: { _id: oid(73), __v: 0, createdAt: new Date("2024-03-01T00:00:00.000Z") },
    expect: { outcome: "failed", reason: "name: required, but missing" },
  },
  {
    kind: "null required field without a default",
    collection: "crm_Leads",
    doc: { _id: oid(74), __v: 0, lastName: null },
    expect: { outcome: "failed", reason: "lastName: required, but null" },
  },

  // mongoose's version key, which the release requires.
  {
    kind: "missing __v",
    collection: "crm_Industry_Type",
    doc: { _id: oid(77), name: "No version" },
    expect: { outcome: "repaired", repairs: { __v: "missingVersion" }, row: { __v: 0 } },
  },
  {
    kind: "null __v where the release has a default",
    collection: "Users",
    doc: {
      _id: oid(78),
      __v: null,
      name: "Hostile",
      email: "null-version@example.com",
      created_on: new Date("2024-03-01T00:00:00.000Z"),
      is_account_admin: false,
      is_admin: false,
      userStatus: "ACTIVE",
      userLanguage: "en",
    },
    expect: { outcome: "repaired", repairs: { __v: "missingVersion" }, row: { __v: 0 } },
  },
  {
    kind: "missing __v where the release allows none",
    collection: "Documents",
    doc: {
      _id: oid(79),
      document_name: "No version",
      document_file_mimeType: "application/pdf",
      document_file_url: "https://example.com/d.pdf",
    },
    expect: { outcome: "migrated" },
  },

  // Sections whose board was deleted: kept under a stub board of the missing board's id.
  {
    kind: "section whose board no longer exists",
    collection: "Sections",
    doc: { _id: oid(81), __v: 0, title: "Orphan", board: ORPHANED_BOARD },
    expect: { outcome: "repaired", repairs: { board: "stub" }, row: { board: ORPHANED_BOARD } },
  },
  {
    kind: "second section of the same missing board, as a hex string",
    collection: "Sections",
    doc: { _id: oid(82), __v: 0, title: "Orphan too", position: 2, board: ORPHANED_BOARD.toHexString() },
    expect: { outcome: "repaired", repairs: { board: "stub" }, row: { board: ORPHANED_BOARD } },
  },
  {
    kind: "task in a section of a missing board",
    collection: "Tasks",
    doc: task(83, { section: oid(81) }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "section without a board",
    collection: "Sections",
    doc: { _id: oid(84), __v: 0, title: "No board" },
    expect: { outcome: "failed", reason: "board: required, but missing" },
  },

  // Enums.
  {
    kind: "invalid enum value",
    collection: "crm_Opportunities",
    doc: {
      _id: oid(75),
      __v: 0,
      name: "Hostile",
      createdAt: new Date("2024-03-01T00:00:00.000Z"),
      budget: 1n,
      expected_revenue: 1n,
      status: "WON",
    },
    expect: { outcome: "failed", reason: 'status: "WON" is not one of ACTIVE, INACTIVE, PENDING, CLOSED' },
  },
  {
    kind: "enum value in the wrong case",
    collection: "gpt_models",
    doc: { _id: oid(76), __v: 0, model: "gpt-x", status: "active" },
    expect: { outcome: "failed", reason: 'status: "active" is not one of ACTIVE, INACTIVE' },
  },

  // Values 0_init accepts that today's NextCRM cannot read or upgrade: written as NextCRM writes them (TodayRepair), originals kept.
  {
    kind: "INVOICE, an enum value today's NextCRM dropped",
    collection: "Documents",
    doc: {
      _id: oid(100),
      __v: 0,
      document_name: "Old invoice",
      document_file_mimeType: "application/pdf",
      document_file_url: "https://example.com/i.pdf",
      document_system_type: "INVOICE",
    },
    expect: { outcome: "repaired", repairs: { document_system_type: "retiredEnumValue" }, row: { document_system_type: "OTHER" } },
  },
  {
    kind: "opportunity without a name",
    collection: "crm_Opportunities",
    doc: { _id: oid(101), __v: 0, name: null, createdAt: new Date("2024-03-01T00:00:00.000Z"), budget: 1n, expected_revenue: 1n },
    expect: { outcome: "repaired", repairs: { name: "nullToText" }, row: { name: "Untitled opportunity" } },
  },
  {
    kind: "user without a name",
    collection: "Users",
    doc: {
      _id: oid(102),
      __v: 0,
      email: "nameless@example.com",
      created_on: new Date("2024-03-01T00:00:00.000Z"),
      is_account_admin: false,
      is_admin: true,
      userStatus: "ACTIVE",
      userLanguage: "en",
    },
    expect: { outcome: "repaired", repairs: { name: "nullToText" }, row: { name: "" } },
  },
  {
    kind: "board without a visibility",
    collection: "Boards",
    doc: { _id: oid(103), __v: 0, title: "No visibility", description: "d", user: U0, visibility: null },
    expect: { outcome: "repaired", repairs: { visibility: "nullToText" }, row: { visibility: "private" } },
  },
  {
    kind: "contact type NextCRM's upgrade refuses",
    collection: "crm_Contacts",
    doc: contact(104, { type: "Reseller" }),
    expect: { outcome: "repaired", repairs: { type: "heldForUpgrade" } },
  },
  {
    kind: "contact type in another case, which NextCRM's upgrade accepts",
    collection: "crm_Contacts",
    doc: contact(105, { type: "customer" }),
    expect: { outcome: "migrated" },
  },
  {
    kind: "empty lead status",
    collection: "crm_Leads",
    doc: { _id: oid(106), __v: 0, lastName: "Empty status", status: "" },
    expect: { outcome: "repaired", repairs: { status: "heldForUpgrade" } },
  },
  {
    kind: "currency in lower case with a space",
    collection: "crm_Opportunities",
    doc: {
      _id: oid(107),
      __v: 0,
      name: "Currency",
      createdAt: new Date("2024-03-01T00:00:00.000Z"),
      budget: 1n,
      expected_revenue: 1n,
      currency: " eur",
    },
    expect: { outcome: "repaired", repairs: { currency: "currencyCode" }, row: { currency: "EUR" } },
  },
  {
    kind: "currency NextCRM's upgrade does not seed",
    collection: "crm_Opportunities",
    doc: {
      _id: oid(108),
      __v: 0,
      name: "Pounds",
      createdAt: new Date("2024-03-01T00:00:00.000Z"),
      budget: 1n,
      expected_revenue: 1n,
      currency: "GBP",
    },
    expect: { outcome: "migrated" },
  },
  {
    kind: "null elements in a text array",
    collection: "crm_Contacts",
    doc: contact(109, { notes: ["first", null, "second"] }),
    expect: { outcome: "repaired", repairs: { notes: "nullElements" }, row: { notes: ["first", "second"] } },
  },
  {
    kind: "task without content",
    collection: "Tasks",
    doc: task(110, { content: undefined }),
    expect: { outcome: "repaired", repairs: { content: "nullToText" }, row: { content: "" } },
  },
];

/** A collection NextCRM's schema does not have: reported by name, not migrated. */
export const UNKNOWN_COLLECTION = {
  name: "plugin_notes",
  docs: [
    { _id: oid(900), text: "not NextCRM's" },
    { _id: oid(901), text: "neither" },
  ],
};
