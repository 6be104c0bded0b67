// The hostile corpus (corpus.ts) mixed into normal seeded data, migrated by the real command
// line: each document must end exactly as docs/ARCHITECTURE.md ("Repairs") says, its neighbours untouched, and
// `validate --full` must describe exactly those outcomes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BSON, MongoClient, type Document, type ObjectId } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getTableConfig } from "drizzle-orm/pg-core";
import { identityName, uuidFor } from "../../src/identity.js";
import { collectionNamed } from "../../src/map/collections.js";
import type { CollectionMapping, Conversion } from "../../src/map/types.js";
import { isDataError } from "../../src/errors.js";
import { READ_OPTIONS } from "../../src/mongo/read.js";
import { openPostgres, type Sql } from "../../src/postgres/connect.js";
import { applySchema } from "../../src/postgres/schemaApply.js";
import { writeBatch } from "../../src/postgres/upsert.js";
import { transformDocument, type Transformed } from "../../src/transform/document.js";
import { compareDocument } from "../../src/validate/compare.js";
import { runCli, workdir, type CliResult } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto } from "../helpers/databases.js";
import { corpus, existing, oid, ORPHANED_BOARD, SEED, UNKNOWN_COLLECTION, type Case } from "./corpus.js";

/** Where a case ran: through MongoDB and the CLI, or (values no source can hold) straight into the pipeline. */
interface Placed {
  c: Case;
  mapping: CollectionMapping;
  /** The document as the migrator reads it (READ_OPTIONS). */
  source: Document;
  /** The document in its BSON types (no number promoted): what nextcrm_migrate.unmapped keeps of a field without a column. */
  typed: Document;
  path: "cli" | "direct";
  /** The direct path's failure message. */
  directError?: string;
}

let mongo: Disposable;
let target: Disposable;
let directTarget: Disposable;
let sql: Sql;
let directSql: Sql;
const placed: Placed[] = [];
const sourceCounts: Record<string, number> = {};
let migrate: CliResult;
let validate: CliResult;
let migrationReport: {
  failed: { table: string; mongoId: string; message: string }[];
  tables: Record<string, { read: number; migrated: number; repaired: number; failed: number }>;
  unknownCollections: unknown[];
};
let validationReport: Record<string, any>;
let errorLog: Map<string, string>;
let logText: string;

const canonicalText = (v: unknown) => BSON.EJSON.stringify(v as never, { relaxed: false });

/** Inserts `doc` if the server keeps it exactly as written; otherwise leaves no trace and says no. */
async function keepsExactly(client: MongoClient, collection: string, doc: Document): Promise<boolean> {
  const coll = client.db().collection(collection);
  try {
    await coll.insertOne(doc);
  } catch {
    return false;
  }
  const back = await coll.findOne({ _id: doc._id }, READ_OPTIONS);
  if (back && canonicalText(back) === canonicalText(doc)) return true;
  await coll.deleteOne({ _id: doc._id });
  return false;
}

/** The pipeline without MongoDB: transform, then the batch upsert in a transaction of its own. */
async function runDirect(p: Placed): Promise<void> {
  let t: Transformed;
  try {
    t = transformDocument(p.mapping, p.source, () => true);
    await directSql.begin((tx) => writeBatch(tx as unknown as Sql, p.mapping, [t]));
  } catch (e) {
    if (!(e instanceof Error) || !(e.name === "DocumentError" || isDataError(e))) throw e;
    p.directError = e.message;
  }
}

/** A file the command wrote; if it wrote none, what the command said instead. */
function readOutput(cwd: string, file: string, r: CliResult): string {
  try {
    return readFileSync(join(cwd, file), "utf8");
  } catch {
    throw new Error(`no ${file} (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr}`);
  }
}

beforeAll(async () => {
  mongo = newMongo();
  await seedInto(mongo.url, { ...SEED, drop: true, quirks: false });
  const client = new MongoClient(mongo.url);
  try {
    for (const c of corpus) {
      if (c.apart) continue;
      const mapping = collectionNamed(c.collection)!;
      const viaCli =
        !c.direct &&
        (c.probe ? await keepsExactly(client, c.collection, c.doc) : (await client.db().collection(c.collection).insertOne(c.doc), true));
      const source = viaCli ? (await client.db().collection(c.collection).findOne({ _id: c.doc._id }, READ_OPTIONS))! : c.doc;
      const typed = viaCli
        ? (await client
            .db()
            .collection(c.collection)
            .findOne({ _id: c.doc._id }, { ...READ_OPTIONS, promoteValues: false, useBigInt64: false, promoteLongs: false }))!
        : c.doc;
      placed.push({ c, mapping, source, typed, path: viaCli ? "cli" : "direct" });
    }
    await client.db().collection(UNKNOWN_COLLECTION.name).insertMany(UNKNOWN_COLLECTION.docs);
    for (const { collection } of placed.map((p) => p.c))
      sourceCounts[collection] ??= await client.db().collection(collection).countDocuments();
  } finally {
    await client.close();
  }

  target = await newPostgres({ schema: true });
  directTarget = await newPostgres({ schema: true });
  sql = await openPostgres(target.url, { max: 2 });
  directSql = await openPostgres(directTarget.url, { max: 2 });
  for (const p of placed) if (p.path === "direct") await runDirect(p);

  const cwd = workdir();
  migrate = await runCli(["migrate", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
  migrationReport = JSON.parse(readOutput(cwd, "migration-report.json", migrate));
  errorLog = new Map();
  logText = readOutput(cwd, "migration-errors.log", migrate);
  for (const entry of logText.split("\n---\n")) {
    const id = /^MongoDB ObjectId: (.*)$/m.exec(entry)?.[1];
    if (id) errorLog.set(id, /^Error: (.*)$/m.exec(entry)![1]!);
  }
  validate = await runCli(["validate", "--full", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
  validationReport = JSON.parse(readOutput(cwd, "migration-validation-report.json", validate));
});

afterAll(async () => {
  await sql?.end();
  await directSql?.end();
  await target?.drop();
  await directTarget?.drop();
  await mongo?.drop();
});

/** A column as text that holds its value exactly (timestamps in epoch milliseconds). */
function exactColumn(name: string, sqlType: string): string {
  const c = `"${name}"`;
  if (sqlType.startsWith("timestamp")) return `(extract(epoch from ${c}) * 1000)::bigint::text as ${c}`;
  if (sqlType === "integer") return `${c}::text as ${c}`;
  return c;
}

/** The exact form of a source value as exactColumn reads it back. */
function exactValue(conversion: Conversion, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  switch (conversion) {
    case "objectId":
      return uuidFor(v);
    case "objectIdArray":
      return (v as unknown[]).map(uuidFor);
    case "date":
      return String((v as Date).getTime());
    case "int":
      return String(v);
    default:
      return v;
  }
}

interface Actual {
  row: Record<string, unknown> | undefined;
  /** jsonb columns: whether each equals the expected JSON. */
  jsonEqual: Record<string, boolean>;
  unmapped: { data: string; equal: boolean } | undefined;
}

async function actual(db: Sql, p: Placed, expectedJson: Record<string, string | null>, expectedUnmapped: string): Promise<Actual> {
  const id = uuidFor(p.source._id);
  const cols = getTableConfig(p.mapping.table).columns;
  const [row] = await db.unsafe(
    `select ${cols
      .filter((c) => c.getSQLType() !== "jsonb")
      .map((c) => exactColumn(c.name, c.getSQLType()))
      .join(", ")} from "${p.c.collection}" where id = $1`,
    [id],
  );
  const jsonEqual: Record<string, boolean> = {};
  for (const [col, json] of Object.entries(expectedJson)) {
    const [r] = await db.unsafe(`select "${col}" is not distinct from $2::text::jsonb as eq from "${p.c.collection}" where id = $1`, [
      id,
      json,
    ]);
    jsonEqual[col] = r?.eq === true;
  }
  const [u] = await db.unsafe(
    `select data::text as data, data = $3::text::jsonb as equal from nextcrm_migrate.unmapped where table_name = $1 and id = $2`,
    [p.c.collection, id, expectedUnmapped],
  );
  return { row, jsonEqual, unmapped: u as Actual["unmapped"] };
}

/** Row, jsonb and nextcrm_migrate.unmapped expected of a migrated or repaired case. */
function expected(p: Placed) {
  const { c, mapping, source, typed } = p;
  const repairs = c.expect.outcome === "repaired" ? c.expect.repairs : {};
  const override = c.expect.outcome === "repaired" ? (c.expect.row ?? {}) : {};
  const row: Record<string, unknown> = { id: uuidFor(source._id) };
  const json: Record<string, string | null> = {};
  for (const f of mapping.columns) {
    const value = f.field in override ? override[f.field] : f.field in repairs ? null : source[f.field];
    if (f.conversion === "json")
      json[f.field] = c.json?.[f.field] ?? (value === undefined || value === null ? null : JSON.stringify(value));
    else row[f.field] = exactValue(f.conversion, value);
  }
  const repaired = Object.fromEntries(
    Object.entries(repairs).map(([f, kind]) => [f, source[f] === undefined ? { kind } : { kind, original: source[f] }]),
  );
  const fields = Object.fromEntries((c.unknown ?? []).map((k) => [k, typed[k]]));
  const data = { ...(c.unknown ? { fields } : {}), ...(Object.keys(repaired).length ? { repaired } : {}) };
  return { row, json, unmapped: Object.keys(data).length ? canonicalText(data) : undefined };
}

async function junctionView(p: Placed) {
  const j = p.c.junction!;
  const field = p.mapping.junctions.find((f) => f.field === j.field)!;
  const id = uuidFor(p.source._id);
  const pairs = await sql.unsafe(
    `select "${field.otherColumn}"::text as other from "${j.name}" where "${field.selfColumn}" = $1 order by 1`,
    [id],
  );
  const [d] = await sql.unsafe(`select data from nextcrm_migrate.unmapped where table_name = $1 and id = $2`, [j.name, id]);
  // In the array's order: what is kept must read back as the document held it.
  const asJson = (xs: unknown[]) => xs.map((x) => JSON.stringify(x));
  return {
    pairs: pairs.map((r) => r.other),
    dangling: d ? asJson((d.data as { dangling: Record<string, unknown[]> }).dangling[j.field] ?? []) : undefined,
    expectedPairs: j.pairs.map(uuidFor).sort(),
    expectedDangling: j.dangling ? asJson(j.dangling.map((e) => BSON.EJSON.serialize(e as never, { relaxed: false }))) : undefined,
  };
}

const failedCli = () => placed.filter((p) => p.path === "cli" && p.c.expect.outcome === "failed");

/** Per table, the ids of the stub rows the corpus's stub repairs need (src/postgres/stubs.ts). */
function stubsIn(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of placed.filter((x) => x.path === "cli" && x.c.expect.outcome === "repaired")) {
    for (const [field, kind] of Object.entries(p.c.expect.outcome === "repaired" ? p.c.expect.repairs : {})) {
      if (kind !== "stub") continue;
      const table = p.mapping.columns.find((f) => f.field === field)!.references!;
      if (!out.has(table)) out.set(table, new Set());
      out.get(table)!.add(uuidFor(p.source[field]));
    }
  }
  return out;
}
const mongoIdOf = (p: Placed) => identityName(p.source._id);

describe("the hostile corpus", () => {
  it("has at least 30 kinds, each once", () => {
    expect(new Set(corpus.map((c) => c.kind)).size).toBe(corpus.length);
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.filter((c) => !c.apart).map((c) => c.kind))("%s", async (kind) => {
    const p = placed.find((x) => x.c.kind === kind)!;
    const { c } = p;
    for (const [field, value] of Object.entries(c.holds ?? {}))
      expect(canonicalText(p.source[field]), `the source holds ${field}`).toBe(canonicalText(value));
    const db = p.path === "cli" ? sql : directSql;
    const id = uuidFor(p.source._id);

    if (c.expect.outcome === "failed") {
      const [{ n }] = (await db.unsafe(`select count(*)::int as n from "${c.collection}" where id = $1`, [id])) as unknown as [
        { n: number },
      ];
      expect(n, "no row").toBe(0);
      if (p.path === "direct") {
        expect(p.directError).toContain(c.expect.reason);
        return;
      }
      expect(errorLog.get(mongoIdOf(p)), "migration-errors.log names the id and the reason").toContain(c.expect.reason);
      expect(migrationReport.failed).toContainEqual({
        table: c.collection,
        mongoId: mongoIdOf(p),
        message: expect.stringContaining(c.expect.reason),
      });
      return;
    }

    expect(p.directError, "the direct path did not fail").toBeUndefined();
    const want = expected(p);
    const got = await actual(db, p, want.json, want.unmapped ?? "null");
    expect(got.row, "the row, column by column, exactly").toEqual(want.row);
    expect(got.jsonEqual, "the jsonb columns, exactly").toEqual(Object.fromEntries(Object.keys(want.json).map((k) => [k, true])));
    if (want.unmapped)
      expect(got.unmapped, `nextcrm_migrate.unmapped holds ${want.unmapped}`).toEqual({ data: expect.any(String), equal: true });
    else expect(got.unmapped, "nothing in nextcrm_migrate.unmapped").toBeUndefined();

    if (c.junction) {
      const v = await junctionView(p);
      expect(v.pairs, "junction pairs").toEqual(v.expectedPairs);
      expect(v.dangling, "dangling entries kept").toEqual(v.expectedDangling);
    }

    if (p.path === "cli") {
      const repairs = c.expect.outcome === "repaired" ? Object.keys(c.expect.repairs) : [];
      const warned = logText.split("\n").filter((l) => l.includes(`WARNING repair in table "${c.collection}" ObjectId ${mongoIdOf(p)}:`));
      expect(warned.length, "one warning per repair").toBe(repairs.length);
    } else {
      // The validator's comparison, on the row as it reads it.
      const [row] = await directSql.unsafe(`select * from "${c.collection}" where id = $1`, [id]);
      const [u] = await directSql.unsafe(`select data from nextcrm_migrate.unmapped where table_name = $1 and id = $2`, [c.collection, id]);
      const unmapped = u ? (BSON.EJSON.deserialize(u.data as Document, { relaxed: false }) as Transformed["unmapped"]) : null;
      expect(compareDocument(p.mapping, p.source, row!, unmapped)).toEqual([]);
    }
  });
});

describe("the run around the corpus", () => {
  it("migrates every normal neighbour: each table holds its documents but the expected failures, and the stubs", async () => {
    const failedBy = (t: string) => failedCli().filter((p) => p.c.collection === t).length;
    const repairedBy = (t: string) =>
      placed.filter((p) => p.path === "cli" && p.c.collection === t && p.c.expect.outcome === "repaired").length;
    for (const [table, n] of Object.entries(sourceCounts)) {
      const [{ rows }] = (await sql.unsafe(`select count(*)::int as rows from "${table}"`)) as unknown as [{ rows: number }];
      expect({ table, rows }).toEqual({ table, rows: n - failedBy(table) + (stubsIn().get(table)?.size ?? 0) });
      expect(migrationReport.tables[table], table).toMatchObject({
        read: n,
        failed: failedBy(table),
        repaired: repairedBy(table),
        migrated: n - failedBy(table) - repairedBy(table),
      });
    }
  });

  it("keeps the sections of a deleted board under a stub board of its id, owned by the administrator who joined first", async () => {
    const client = new MongoClient(mongo.url);
    const users = await client.db().collection("Users").find({}, READ_OPTIONS).toArray();
    await client.close();
    const first = users
      .map((u) => ({
        id: uuidFor(u._id),
        admin: u.is_admin === true,
        joined: ((u.created_on as Date | undefined) ?? (u._id as ObjectId).getTimestamp()).getTime(),
      }))
      .sort((a, b) => Number(b.admin) - Number(a.admin) || a.joined - b.joined || (a.id < b.id ? -1 : 1))[0]!;
    expect(first.admin).toBe(true);
    const [board] = await sql.unsafe(`select title, description, "user", __v from "Boards" where id = $1`, [uuidFor(ORPHANED_BOARD)]);
    expect(board).toEqual({
      title: `Recovered board ${ORPHANED_BOARD.toHexString()}`,
      description: expect.stringContaining("no longer existed in MongoDB"),
      user: first.id,
      __v: 0,
    });
    const sections = await sql.unsafe(`select id::text from "Sections" where board = $1 order by 1`, [uuidFor(ORPHANED_BOARD)]);
    expect(sections.map((r) => r.id)).toEqual([uuidFor(oid(81)), uuidFor(oid(82))].sort());
    const [tasks] = await sql.unsafe(`select count(*)::int as n from "Tasks" where section = $1`, [uuidFor(oid(81))]);
    expect(tasks!.n).toBe(1);
    const [mark] = await sql.unsafe(`select mongo_id, data from nextcrm_migrate.unmapped where table_name = 'Boards' and id = $1`, [
      uuidFor(ORPHANED_BOARD),
    ]);
    expect(mark).toEqual({ mongo_id: ORPHANED_BOARD.toHexString(), data: { stub: { referencedBy: "Sections.board" } } });
  });

  it("fails exactly the expected documents, and says so with exit code 1", () => {
    const want = failedCli()
      .map((p) => `${p.c.collection} ${mongoIdOf(p)}`)
      .sort();
    expect(migrationReport.failed.map((f) => `${f.table} ${f.mongoId}`).sort()).toEqual(want);
    expect([...errorLog.keys()].sort()).toEqual(failedCli().map(mongoIdOf).sort());
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(1);
  });

  it("names the collection NextCRM does not have, with its document count", () => {
    expect(migrate.stdout).toContain(`not migrated: collection ${UNKNOWN_COLLECTION.name} (${UNKNOWN_COLLECTION.docs.length} documents)`);
    expect(migrationReport.unknownCollections).toEqual([{ name: UNKNOWN_COLLECTION.name, documents: UNKNOWN_COLLECTION.docs.length }]);
  });
});

describe("validate --full after the hostile run", () => {
  it("fails only on the documents the migrator failed and the collection it could not place, and names each", () => {
    const r = validationReport;
    expect(validate.code, validate.stdout + validate.stderr).toBe(1);
    const failedIds = (t: string) =>
      failedCli()
        .filter((p) => p.c.collection === t)
        .map(mongoIdOf)
        .sort();
    const tables = [...new Set(failedCli().map((p) => p.c.collection))].sort();
    const discrepancies = r.rowCountValidation.discrepancies as { table: string; failedInMigration?: string[] }[];
    expect(
      discrepancies
        .map((d) => ({ ...d, ...(d.failedInMigration ? { failedInMigration: [...d.failedInMigration].sort() } : {}) }))
        .sort((a, b) => a.table.localeCompare(b.table)),
    ).toEqual(
      [
        ...tables.map((t) => {
          const stubs = stubsIn().get(t)?.size ?? 0;
          return {
            table: t,
            mongodb: sourceCounts[t],
            postgresql: sourceCounts[t]! - failedIds(t).length + stubs,
            stubs,
            difference: failedIds(t).length,
            withoutSource: 0,
            failedInMigration: failedIds(t),
          };
        }),
        {
          table: UNKNOWN_COLLECTION.name,
          mongodb: UNKNOWN_COLLECTION.docs.length,
          postgresql: 0,
          difference: UNKNOWN_COLLECTION.docs.length,
          notInSchema: true,
        },
      ].sort((a, b) => a.table.localeCompare(b.table)),
    );
    expect(validate.stdout).toContain(`${UNKNOWN_COLLECTION.name}: source ${UNKNOWN_COLLECTION.docs.length}, no table`);
    expect(
      r.sampleRecordValidation.missingRecords.map((m: { table: string; mongoId: string }) => `${m.table} ${m.mongoId}`).sort(),
    ).toEqual(
      failedCli()
        .map((p) => `${p.c.collection} ${mongoIdOf(p)}`)
        .sort(),
    );
    expect(r.sampleRecordValidation.fieldMismatches).toEqual([]);
    expect(r.summary.recordsRepaired).toBe(placed.filter((p) => p.path === "cli" && p.c.expect.outcome === "repaired").length);
    expect(r.rowCountValidation.stubRows).toEqual(
      [...stubsIn()].map(([table, ids]) => ({
        table,
        stubs: ids.size,
        unreferenced: { count: 0, examples: [] },
        wrongOwner: { count: 0, examples: [] },
      })),
    );
    expect(r.summary.stubRows).toBeGreaterThan(0);
    expect(r.referentialIntegrityValidation.status).toBe("PASS");
    expect(r.dataTypeValidation.status).toBe("PASS");
  });

  it("warns about exactly the migrated dates outside 1900..2200, without failing them", () => {
    const counts = new Map<string, number>();
    for (const p of placed.filter((x) => x.path === "cli" && x.c.expect.outcome !== "failed")) {
      for (const f of p.mapping.columns.filter((c) => c.conversion === "date")) {
        const d = p.source[f.field];
        if (d instanceof Date && (d < new Date("1900-01-01T00:00:00Z") || d >= new Date("2200-01-01T00:00:00Z")))
          counts.set(`${p.c.collection}.${f.field}`, (counts.get(`${p.c.collection}.${f.field}`) ?? 0) + 1);
      }
    }
    const warnings = validationReport.dataTypeValidation.warnings as { table: string; column: string; count: number }[];
    expect(new Map(warnings.map((w) => [`${w.table}.${w.column}`, w.count]))).toEqual(counts);
    expect(counts.size).toBeGreaterThan(0);
  });
});

/** A case of the corpus kept apart from the main run, by kind. */
const apart = (kind: string) => corpus.find((c) => c.kind === kind && c.apart)!;

// A case no FerretDB can hold: it runs in full where the server keeps both documents (MongoDB).
describe("cases the test server cannot hold", () => {
  it("an ObjectId-looking string _id next to its ObjectId twin fails, named, instead of replacing the twin's row or stopping the run", async () => {
    const c = apart("ObjectId-looking hex string _id next to its ObjectId twin");
    const m = newMongo();
    const pg = await newPostgres();
    try {
      const client = new MongoClient(m.url);
      const held = await client
        .db()
        .collection(c.collection)
        .insertMany([c.doc, { _id: existing(c.collection, 0), __v: 0, name: "The ObjectId twin" }])
        .then(
          () => true,
          () => false,
        );
      await client.close();
      // FerretDB takes the two _ids for one (E11000), so the pair cannot arise there; MongoDB keeps both.
      if (!held) {
        const ferret = new MongoClient(m.url);
        expect(await ferret.db().collection(c.collection).countDocuments()).toBe(1);
        await ferret.close();
        return;
      }
      const psql = await openPostgres(pg.url, { max: 1 });
      await applySchema(psql);
      const cwd = workdir();
      // Batches of one: the two land in different transactions, where nothing stops the second.
      const r = await runCli(["migrate", "--mongo", m.url, "--postgres", pg.url, "--tables", c.collection, "--batch-size", "1"], {}, cwd);
      const names = await psql.unsafe(`select name from "${c.collection}"`);
      await psql.end();
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(names.map((x) => x.name)).toEqual(["The ObjectId twin"]);
      expect(readOutput(cwd, "migration-errors.log", r)).toContain(c.expect.outcome === "failed" ? c.expect.reason : "");
    } finally {
      await pg.drop();
      await m.drop();
    }
  });
});
