// Proof by planted mistakes: the real migrator runs with one deliberate mistake switched on inside
// its own code (src/migrate/planted.ts), and `validate` must fail, naming the table, the document
// and the field or pair. Each case first shows the mistake is in the data: what differs from a
// faithful migration of the same source (the control) is exactly the planted mistake.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId, type Document } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityName, isObjectIdLike, uuidFor } from "../../src/identity.js";
import { collectionNamed, collections, junctions } from "../../src/map/collections.js";
import type { CollectionMapping } from "../../src/map/types.js";
import { laterEntry, PLANTED_IN, type PlantedMistake } from "../../src/migrate/planted.js";
import { transformDocument } from "../../src/transform/document.js";
import { runCli, workdir } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto } from "../helpers/databases.js";

/**
 * Seed 24 at this scale has what every plant needs (a section of a deleted board, dangling array
 * entries, INVOICE documents, "" ids, unknown fields) and no document that cannot be migrated.
 */
const SEED = 24;
const SCALE = 1500;

let source: Disposable;
let control: Disposable;
let before: Snapshot;
const targets: Disposable[] = [];

beforeAll(async () => {
  source = newMongo();
  await seedInto(source.url, { scale: SCALE, seed: SEED, drop: true, quirks: true });
  control = await newPostgres({ schema: true });
  const r = await runCli(["migrate", "--mongo", source.url, "--postgres", control.url], {}, workdir());
  expect(r.code, r.stdout + r.stderr).toBe(0);
  before = await snapshot(control.url);
});

afterAll(async () => {
  for (const t of targets) await t.drop();
  await control?.drop();
  await source?.drop();
});

// ---- what a target holds, and what differs from the control ----

/** Every row of the data tables and of nextcrm_migrate.unmapped, by `<table>\t<key>`, as to_jsonb gives it. */
type Snapshot = Map<string, Record<string, unknown>>;

/** A row only one side has (`control` or `planted` undefined), or one column that differs. */
interface Change {
  table: string;
  key: string;
  column?: string;
  control?: unknown;
  planted?: unknown;
}

const UNMAPPED = "nextcrm_migrate.unmapped";
/** The key of a junction row, as the validator writes a pair: `<first column> ↔ <second column>`. */
const pairKey = (a: unknown, b: unknown) => `${a} ↔ ${b}`;

async function snapshot(url: string): Promise<Snapshot> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const rows: Snapshot = new Map();
  const read = async (from: string, table: string, key: (row: Record<string, unknown>) => string) => {
    for (const { j } of await sql.unsafe<{ j: string }[]>(`select to_jsonb(t)::text as j from ${from} t`)) {
      const row = JSON.parse(j) as Record<string, unknown>;
      rows.set(`${table}\t${key(row)}`, row);
    }
  };
  try {
    for (const c of collections) await read(`"${c.collection}"`, c.collection, (r) => String(r.id));
    for (const j of junctions) await read(`"${j.name}"`, j.name, (r) => pairKey(r[j.columns[0]!.name], r[j.columns[1]!.name]));
    await read(UNMAPPED, UNMAPPED, (r) => `${r.table_name} ${r.id}`);
  } finally {
    await sql.end();
  }
  return rows;
}

function changes(a: Snapshot, b: Snapshot): Change[] {
  const out: Change[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const [table, key] = k.split("\t") as [string, string];
    const x = a.get(k);
    const y = b.get(k);
    if (!x || !y) {
      out.push(x ? { table, key, control: x } : { table, key, planted: y });
      continue;
    }
    for (const column of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (JSON.stringify(x[column]) !== JSON.stringify(y[column])) out.push({ table, key, column, control: x[column], planted: y[column] });
    }
  }
  return out.sort((p, q) => `${p.table} ${p.key}`.localeCompare(`${q.table} ${q.key}`));
}

/** A change in one line: `<table> <key>[ <column>]: only in the control | only in the planted target | changed`. */
const line = (c: Change) =>
  `${c.table} ${c.key}${c.column ? ` ${c.column}` : ""}: ${c.column ? "changed" : c.planted === undefined ? "only in the control" : "only in the planted target"}`;

/** The leaves (same path on both sides) where two JSON values differ, as [a, b]. */
function leafDifferences(a: unknown, b: unknown): [unknown, unknown][] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => leafDifferences(a[k], b[k]));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [[a, b]];
}

// ---- the runs ----

interface Validation {
  code: number | null;
  stdout: string;
  report: Report;
}

/** The parts of migration-validation-report.json the cases read. */
interface Report {
  overallStatus: string;
  rowCountValidation: { discrepancies: Record<string, unknown>[]; stubRows: Record<string, unknown>[] };
  sampleRecordValidation: { missingRecords: { table: string; mongoId: string }[]; fieldMismatches: Record<string, unknown>[] };
  referentialIntegrityValidation: Record<string, { table: string; count: number; examples: string[] }[]>;
}

async function validate(pg: string, ...args: string[]): Promise<Validation> {
  const cwd = workdir();
  const r = await runCli(["validate", "--mongo", source.url, "--postgres", pg, ...args], {}, cwd);
  let report: Report;
  try {
    report = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
  } catch {
    throw new Error(`validate ${args.join(" ")} wrote no report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.code, stdout: r.stdout, report };
}

/** `validate --full` and `validate --sample 100000` (a sample larger than every table: it covers the victim). */
const bothValidations = (pg: string) => Promise.all([validate(pg, "--full"), validate(pg, "--sample", "100000")]);

interface PlantedRun {
  url: string;
  changes: Change[];
  full: Validation;
  sampled: Validation;
}

/** A fresh target migrated with the mistake switched on; what differs from the control; both validations (without it). */
async function migrateWith(name: PlantedMistake): Promise<PlantedRun> {
  const target = await newPostgres({ schema: true });
  targets.push(target);
  const r = await runCli(["migrate", "--mongo", source.url, "--postgres", target.url], { NEXTCRM_MIGRATE_PLANT: name }, workdir());
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const after = await snapshot(target.url);
  const [full, sampled] = await bothValidations(target.url);
  return { url: target.url, changes: changes(before, after), full, sampled };
}

/** Both validations fail, exit 1, and `check` finds the victim named in each report. */
function expectCaught(run: PlantedRun, check: (report: Report) => void): void {
  for (const v of [run.full, run.sampled]) {
    // The layers' lines, without the readiness section.
    expect(v.code, v.stdout.split("\nNextCRM 0.21.2 readiness")[0]).toBe(1);
    expect(v.report.overallStatus).toBe("FAIL");
    check(v.report);
  }
}

// ---- the source ----

async function sourceDocs(collection: string): Promise<Document[]> {
  const client = new MongoClient(source.url);
  try {
    return await client.db().collection(collection).find().sort({ _id: 1 }).toArray();
  } finally {
    await client.close();
  }
}

const mapping = (collection: string): CollectionMapping => collectionNamed(collection)!;
const junction = (name: string) => junctions.find((j) => j.name === name)!;
/** A junction pair as the validator names it, from its two documents' ids. */
function pairOf(junctionName: string, ids: Record<string, unknown>): string {
  const [c0, c1] = junction(junctionName).columns.map((c) => uuidFor(ids[c.references]));
  return pairKey(c0, c1);
}

/** The first document, in `_id` order, for which `has` is true. */
async function firstWith(collection: string, has: (doc: Document) => boolean): Promise<Document> {
  const doc = (await sourceDocs(collection)).find(has);
  expect(doc, `no ${collection} document has what the plant needs (seed ${SEED}, scale ${SCALE})`).toBeDefined();
  return doc!;
}

const mismatch = (table: string, doc: Document, field: string) =>
  expect.objectContaining({ table, mongoId: identityName(doc._id), uuid: uuidFor(doc._id), field });

// ---- the cases ----

describe("planted mistakes", () => {
  it("control: a faithful migration of the same source passes validate --full and --sample", async () => {
    const [full, sampled] = await bothValidations(control.url);
    expect(full.code, full.stdout).toBe(0);
    expect(sampled.code, sampled.stdout).toBe(0);
    expect(full.report.overallStatus).toBe("PASS");
  });

  describe("the junction stage (src/postgres/stage.ts)", () => {
    const J = PLANTED_IN.junctionEntryDropped!;
    const field = junction(J).sides[0]!.field.field;
    const owner = junction(J).sides[0]!.collection;
    const ends = (doc: Document, entry: unknown) =>
      pairOf(J, { [owner]: doc._id, [junction(J).columns.find((c) => c.references !== owner)!.references]: entry });

    it("junctionEntryDropped: the missing pair is named", async () => {
      // The only junction one array feeds: a pair lost from that array is lost from the junction.
      expect(junction(J).sides).toHaveLength(1);
      const doc = await firstWith(owner, (d) => Array.isArray(d[field]) && d[field].length > 0);
      const pair = ends(doc, doc[field][0]);
      const run = await migrateWith("junctionEntryDropped");
      expect(run.changes.map(line)).toEqual([`${J} ${pair}: only in the control`]);
      expectCaught(run, (r) => {
        expect(r.referentialIntegrityValidation.missingJunctionPairs).toContainEqual({ table: J, count: 1, examples: [pair] });
        expect(r.rowCountValidation.discrepancies).toContainEqual(expect.objectContaining({ table: J, difference: 1 }));
      });
    });

    it("junctionEntryRetargeted: the pair lost and the pair without a source are named", async () => {
      const docs = await sourceDocs(owner);
      const doc = docs.find((d) => Array.isArray(d[field]) && d[field].length > 0)!;
      const other = laterEntry(docs, doc, field);
      expect(isObjectIdLike(other)).toBe(true);
      const lost = ends(doc, doc[field][0]);
      const wrong = ends(doc, other);
      const run = await migrateWith("junctionEntryRetargeted");
      expect(run.changes.map(line).sort()).toEqual(
        [`${J} ${lost}: only in the control`, `${J} ${wrong}: only in the planted target`].sort(),
      );
      expectCaught(run, (r) => {
        expect(r.referentialIntegrityValidation.missingJunctionPairs).toContainEqual({ table: J, count: 1, examples: [lost] });
        expect(r.referentialIntegrityValidation.junctionPairsWithoutSource).toContainEqual({ table: J, count: 1, examples: [wrong] });
      });
    });
  });

  it("danglingNotKept (src/postgres/junctionSync.ts): the entries not kept in nextcrm_migrate.unmapped are named", async () => {
    const J = PLANTED_IN.danglingNotKept!;
    // The junction's first document (by ObjectId) with dangling entries, as the control kept them.
    const kept = [...before.entries()].filter(([k]) => k.startsWith(`${UNMAPPED}\t${J} `)).map(([, row]) => row);
    expect(kept.length).toBeGreaterThan(0);
    const victim = kept.sort((a, b) => String(a.mongo_id).localeCompare(String(b.mongo_id)))[0]!;
    const dangling = (victim.data as { dangling: Record<string, unknown[]> }).dangling;
    const run = await migrateWith("danglingNotKept");
    expect(run.changes.map(line)).toEqual([`${UNMAPPED} ${J} ${victim.id}: only in the control`]);
    expectCaught(run, (r) => {
      expect(r.referentialIntegrityValidation.danglingNotKept).toContainEqual({
        table: J,
        count: Object.values(dangling).reduce((n, entries) => n + entries.length, 0),
        examples: expect.arrayContaining(Object.keys(dangling).map((f) => `${J} ${victim.id} ${f}`)),
      });
    });
  });

  describe("one field of one row (made on what transformDocument gave, in src/migrate/tables.ts)", () => {
    it("dateOffByOneMs: the date a millisecond late is named", async () => {
      const table = PLANTED_IN.dateOffByOneMs!;
      const dates = mapping(table).columns.filter((c) => c.conversion === "date");
      const doc = await firstWith(table, (d) => dates.some((c) => d[c.field] instanceof Date));
      const field = dates.find((c) => doc[c.field] instanceof Date)!.field;
      const run = await migrateWith("dateOffByOneMs");
      expect(run.changes).toEqual([
        { table, key: uuidFor(doc._id), column: field, control: expect.any(String), planted: expect.any(String) },
      ]);
      const { control: was, planted: is } = run.changes[0] as { control: string; planted: string };
      expect(Date.parse(`${was}Z`)).toBe((doc[field] as Date).getTime());
      expect(Date.parse(`${is}Z`) - Date.parse(`${was}Z`)).toBe(1);
      expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field)));
    });

    it("textArrayReversed: the text[] in another order is named", async () => {
      const table = PLANTED_IN.textArrayReversed!;
      const arrays = mapping(table).columns.filter((c) => c.conversion === "stringArray");
      // As written: the NULL elements today's NextCRM cannot read are left out (nullElements).
      const written = (d: Document, f: string) => (Array.isArray(d[f]) ? (d[f] as unknown[]).filter((x) => x !== null) : []);
      const reversible = (d: Document, f: string) => written(d, f).length > 1 && written(d, f)[0] !== written(d, f).at(-1);
      const doc = await firstWith(table, (d) => arrays.some((c) => reversible(d, c.field)));
      const field = arrays.find((c) => reversible(doc, c.field))!.field;
      const run = await migrateWith("textArrayReversed");
      expect(run.changes).toEqual([
        { table, key: uuidFor(doc._id), column: field, control: written(doc, field), planted: [...written(doc, field)].reverse() },
      ]);
      expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field)));
    });

    it("jsonIntegerAsString: the jsonb whose number became a string is named", async () => {
      const table = PLANTED_IN.jsonIntegerAsString!;
      const json = mapping(table).columns.filter((c) => c.conversion === "json");
      const holdsInteger = (v: unknown): boolean =>
        Number.isInteger(v) || (typeof v === "object" && v !== null && !(v instanceof Date) && Object.values(v).some(holdsInteger));
      const doc = await firstWith(table, (d) => json.some((c) => holdsInteger(d[c.field])));
      const field = json.find((c) => holdsInteger(doc[c.field]))!.field;
      const run = await migrateWith("jsonIntegerAsString");
      expect(run.changes).toEqual([
        { table, key: uuidFor(doc._id), column: field, control: expect.anything(), planted: expect.anything() },
      ]);
      // One whole number became its text; nothing else changed (jsonb orders keys its own way, so the leaves are compared).
      expect(leafDifferences(run.changes[0]!.control, run.changes[0]!.planted)).toEqual([[expect.any(Number), expect.any(String)]]);
      const [[n, text]] = leafDifferences(run.changes[0]!.control, run.changes[0]!.planted) as [[number, string]];
      expect(Number.isInteger(n) && text === String(n)).toBe(true);
      expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field)));
    });

    it("unknownFieldDropped: the field missing from nextcrm_migrate.unmapped is named", async () => {
      const table = PLANTED_IN.unknownFieldDropped!;
      const unknown = (d: Document) => Object.keys(d).filter((k) => k !== "_id" && !mapping(table).fieldNames.has(k));
      const doc = await firstWith(table, (d) => unknown(d).length > 0);
      const field = unknown(doc)[0]!;
      const key = `${table} ${uuidFor(doc._id)}`;
      const kept = before.get(`${UNMAPPED}\t${key}`)!;
      expect((kept.data as { fields: Document }).fields).toHaveProperty([field]);
      const run = await migrateWith("unknownFieldDropped");
      // Its unmapped row loses the field, or goes when it held nothing else.
      const { fields, ...rest } = kept.data as { fields: Document };
      const { [field]: _dropped, ...others } = fields;
      const left = Object.keys(others).length ? { ...rest, fields: others } : rest;
      expect(run.changes).toEqual(
        Object.keys(left).length
          ? [{ table: UNMAPPED, key, column: "data", control: kept.data, planted: left }]
          : [{ table: UNMAPPED, key, control: kept }],
      );
      expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field)));
    });

    it('repairOriginalDropped: the repaired field whose original ("") is not kept is named', async () => {
      const table = PLANTED_IN.repairOriginalDropped!;
      const emptied = mapping(table).columns.filter((c) => c.conversion === "objectId" && c.repairs.some((r) => r.kind === "emptyToNull"));
      const doc = await firstWith(table, (d) => emptied.some((c) => d[c.field] === ""));
      const field = emptied.find((c) => doc[c.field] === "")!.field;
      const key = `${table} ${uuidFor(doc._id)}`;
      const data = before.get(`${UNMAPPED}\t${key}`)!.data as { repaired: Record<string, unknown> };
      expect(data.repaired[field]).toEqual({ kind: "emptyToNull", original: "" });
      const run = await migrateWith("repairOriginalDropped");
      expect(run.changes).toEqual([
        {
          table: UNMAPPED,
          key,
          column: "data",
          control: data,
          planted: { ...data, repaired: { ...data.repaired, [field]: { kind: "emptyToNull" } } },
        },
      ]);
      expectCaught(run, (r) => {
        expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field));
        // The recorded repair could not have been made of what the original now is: nothing.
        expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(
          expect.objectContaining({ field, source: "repair: a value an emptyToNull repair applies to", target: "emptyToNull of (absent)" }),
        );
      });
    });

    it("repairedValueWrong: the repaired value that is not the repair's (RECEIPT for INVOICE → OTHER) is named", async () => {
      const table = PLANTED_IN.repairedValueWrong!;
      const doc = await firstWith(table, (d) => d.document_system_type === "INVOICE");
      const run = await migrateWith("repairedValueWrong");
      expect(run.changes).toEqual([{ table, key: uuidFor(doc._id), column: "document_system_type", control: "OTHER", planted: "RECEIPT" }]);
      // The original is kept as the repair's: only the value written is wrong.
      const kept = (await snapshot(run.url)).get(`${UNMAPPED}\t${table} ${uuidFor(doc._id)}`)!.data as {
        repaired: Record<string, unknown>;
      };
      expect(kept.repaired.document_system_type).toEqual({ kind: "retiredEnumValue", original: "INVOICE" });
      expectCaught(run, (r) =>
        expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, "document_system_type")),
      );
    });

    it("referenceNulledAsDangling: the reference nulled as if it dangled, though its document exists, is named", async () => {
      const table = PLANTED_IN.referenceNulledAsDangling!;
      const optional = mapping(table).columns.filter(
        (c) => c.references && !c.required && c.repairs.some((r) => r.kind === "danglingToNull"),
      );
      const repairedIn = (d: Document) =>
        (before.get(`${UNMAPPED}\t${table} ${uuidFor(d._id)}`)?.data as { repaired?: Document } | undefined)?.repaired ?? {};
      // A reference the control wrote: its document exists, and no repair touched it.
      const linked = (d: Document) =>
        optional.filter((c) => before.get(`${table}\t${uuidFor(d._id)}`)?.[c.field] != null && !repairedIn(d)[c.field]);
      const doc = await firstWith(table, (d) => linked(d).length > 0);
      const field = linked(doc)[0]!.field;
      const run = await migrateWith("referenceNulledAsDangling");
      const row = before.get(`${table}\t${uuidFor(doc._id)}`)!;
      expect(run.changes.filter((c) => c.table === table)).toEqual([
        { table, key: uuidFor(doc._id), column: field, control: row[field], planted: null },
      ]);
      expect(run.changes.filter((c) => c.table !== table).map(line)).toEqual([
        `${UNMAPPED} ${table} ${uuidFor(doc._id)}${before.has(`${UNMAPPED}\t${table} ${uuidFor(doc._id)}`) ? " data: changed" : ": only in the planted target"}`,
      ]);
      expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch(table, doc, field)));
    });

    it("failedDocumentWritten: the row of a document that must fail, written with NULL, is named", async () => {
      // A section whose position has a fraction, in an integer column: it must fail (README, "A value that cannot be stored exactly").
      const [first] = await sourceDocs("Sections");
      const doc = { ...first, _id: new ObjectId("7fffffff0000000000000001"), position: 2.5 };
      expect(() => transformDocument(mapping("Sections"), doc, () => true)).toThrow(/^position: 2\.5 has a fraction/);
      const client = new MongoClient(source.url);
      await client.db().collection("Sections").insertOne(doc);
      try {
        const run = await migrateWith("failedDocumentWritten");
        const id = uuidFor(doc._id);
        expect(run.changes.filter((c) => c.table === "Sections" && c.key === id)).toEqual([
          { table: "Sections", key: id, planted: expect.objectContaining({ id, position: null }) },
        ]);
        expect(run.changes.filter((c) => !c.key.includes(id))).toEqual([]);
        expectCaught(run, (r) => expect(r.sampleRecordValidation.fieldMismatches).toContainEqual(mismatch("Sections", doc, "position")));
      } finally {
        await client.db().collection("Sections").deleteOne({ _id: doc._id });
        await client.close();
      }
    });
  });

  it("stubOwnerWrong (src/postgres/stubs.ts): the stub board owned by another user than the rule's is named", async () => {
    const stubs = [...before.entries()]
      .filter(([k, row]) => k.startsWith(`${UNMAPPED}\tBoards `) && (row.data as Document).stub)
      .map(([, row]) => String(row.id));
    expect(stubs.length).toBeGreaterThan(0);
    // The rule (README, "Stub boards"): the administrator who joined first, then the smallest id.
    const sql = postgres(control.url, { max: 1, onnotice: () => {} });
    const users = (await sql`select id from "Users" order by is_admin desc, created_on asc, id asc limit 2`).map((u) => u.id as string);
    await sql.end();
    const run = await migrateWith("stubOwnerWrong");
    expect(run.changes).toEqual(
      stubs.sort().map((id) => ({ table: "Boards", key: id, column: "user", control: users[0], planted: users[1] })),
    );
    expectCaught(run, (r) => {
      expect(r.rowCountValidation.stubRows).toContainEqual(
        expect.objectContaining({ table: "Boards", wrongOwner: { count: stubs.length, examples: stubs.slice(0, 5) } }),
      );
    });
  });

  it("documentLost (src/migrate/tables.ts): the document neither written nor failed is named", async () => {
    const table = PLANTED_IN.documentLost!;
    const [doc] = await sourceDocs(table);
    const run = await migrateWith("documentLost");
    expect(run.changes.map(line)).toContain(`${table} ${uuidFor(doc!._id)}: only in the control`);
    expect(run.changes.filter((c) => c.table === table)).toHaveLength(1);
    expectCaught(run, (r) => {
      expect(r.sampleRecordValidation.missingRecords).toContainEqual({ table, mongoId: identityName(doc!._id) });
      expect(r.rowCountValidation.discrepancies).toContainEqual(expect.objectContaining({ table, difference: 1 }));
    });
  });
});
