// `validate`: four independent layers over the two connections only (UUIDs are recomputed; no
// checkpoint, no map file), so it can run before, during, or long after a migration.
import { existsSync, readFileSync } from "node:fs";
import type { Db, Document } from "mongodb";
import { BATCH_SIZE, SAMPLE_SIZE, TABLE_LANES } from "../defaults.js";
import { lanes } from "../lanes.js";
import { withReleasers } from "../releasers.js";
import { collections, dataTables, junctions } from "../map/collections.js";
import { openMongo, requireNextcrm } from "../mongo/connect.js";
import { approximateCount, openScan, unknownCollections, type UnknownCollection } from "../mongo/read.js";
import { openPostgres, type Queryable, type Sql } from "../postgres/connect.js";
import { countOf } from "../postgres/query.js";
import { ENTRIES, ENTRY_COLUMNS, entriesOf, entriesOfJunction, expectedStubs, rowsWithoutSource, stageEntries } from "./expected.js";
import { checkJunction, checkStubs, orphanedForeignKeys, type JunctionCheck, type Orphans, type StubCheck } from "./integrity.js";
import { validateRecords, type RecordResult } from "./records.js";
import { validateTypes, type TypeIssue } from "./dataTypes.js";
import { ident } from "../schema/sqlText.js";
import { MigrateError } from "../errors.js";
import { readinessOf, type Readiness } from "../nextcrm/readiness.js";
import { TODAY } from "../nextcrm/today.js";
import { qualifiedName, UNMAPPED } from "../postgres/schemaModel.js";

export interface ValidateOptions {
  mongoUrl: string;
  mongoDb: string;
  postgresUrl: string;
  /** Documents compared per table (all if fewer). Default 100. */
  sample?: number;
  /** Compare every document. */
  full?: boolean;
  /** The migrator's report, to show its failed records as such. Optional. */
  migrationReport?: string;
  onLayer?: (layer: string) => void;
}

export interface CountRow {
  table: string;
  mongodb: number;
  postgresql: number;
  /** Rows of the table that are stubs a reference needs (src/postgres/stubs.ts): repairs. */
  stubs: number;
  match: boolean;
  /** Rows (stubs aside) whose id is no source document's UUID; counted when the rows are not the source's documents less the failed ones. */
  withoutSource: number;
  /** Documents of this table the migrator reported as failed. */
  failedInMigration: string[];
}

export interface ValidationResult {
  counts: CountRow[];
  stubs: StubCheck[];
  records: RecordResult[];
  orphans: Orphans[];
  junctions: JunctionCheck[];
  schemaDifferences: string[];
  typeIssues: TypeIssue[];
  /** Source collections NextCRM's schema does not have: their documents have no table to be in. */
  unknownCollections: UnknownCollection[];
  /** What today's NextCRM will make of the data after its upgrade: warnings, never a failure. */
  readiness: Readiness;
  durationMs: number;
}

function failedByTable(path: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!path || !existsSync(path)) return out;
  try {
    const report = JSON.parse(readFileSync(path, "utf8")) as { failed?: { table: string; mongoId: string }[] };
    for (const f of report.failed ?? []) out.set(f.table, [...(out.get(f.table) ?? []), f.mongoId]);
  } catch {
    // an unreadable report only loses the annotation, not the check
  }
  return out;
}

/** A table's count row: its stubs are repairs, so they do not count against the source's documents. */
async function countRow(
  conn: Queryable,
  db: Db,
  table: string,
  mongodb: number,
  stubs: StubCheck[],
  expected: Map<string, Set<string>>,
  failed: Map<string, string[]>,
): Promise<CountRow> {
  const n = await countOf(conn, `select count(*)::int as n from ${ident(table)}`);
  const s = stubs.find((x) => x.table === table)?.stubs ?? 0;
  const equal = mongodb === n - s;
  const failedInMigration = failed.get(table) ?? [];
  // Which rows are extra is worth a second read of the ids only when the counts say some may be:
  // the target holds other than the source's documents less those the migration failed (reading
  // the ids of every table with a failure would be a second pass over those tables).
  const suspect = n - s !== mongodb - failedInMigration.length;
  const withoutSource = suspect ? (await rowsWithoutSource(conn, db, table, expected.get(table) ?? new Set())).count : 0;
  return { table, mongodb, postgresql: n, stubs: s, match: equal && withoutSource === 0, withoutSource, failedInMigration };
}

export function runValidation(o: ValidateOptions): Promise<ValidationResult> {
  return withReleasers(async (defer) => {
    const started = Date.now();
    const sql = await openPostgres(o.postgresUrl, { max: 6 });
    defer(() => sql.end({ timeout: 5 }));
    await requireTables(sql);
    const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
    defer(() => client.close());
    await requireNextcrm(db);
    const failed = failedByTable(o.migrationReport);
    // What the source needs beside its documents is read while the pass starts; awaited where used.
    const expected = expectedStubs(db);
    const unknown = unknownCollections(
      db,
      collections.map((c) => c.collection),
      (d, name) => d.collection(name).countDocuments(),
    );
    for (const p of [expected, unknown]) p.catch(() => {}); // awaited below; a failure meanwhile must not go unhandled
    // The layers that read only the target run beside the pass over the source, on their own
    // connections: PostgreSQL is idle while MongoDB is read.
    const targetOnly = Promise.all([orphanedForeignKeys(sql), validateTypes(sql), readinessOf(sql)]);
    targetOnly.catch(() => {}); // awaited below; a failure meanwhile must not go unhandled
    // The validator's own tables (the source's junction entries, ids) live on one reserved
    // connection. --full reads every document anyway: that one pass also counts them and stages the
    // junction entries, so MongoDB is read once instead of three times (count, compare, junction sides).
    const conn = await sql.reserve();
    defer(() => conn.release());
    // Each junction check reads its own entries: indexed as they come, since checks start while some are still coming.
    await conn.unsafe(`create temp table ${ENTRIES} (${ENTRY_COLUMNS}); create index on ${ENTRIES} (junction)`);
    const countRows: CountRow[] = [];
    // The stub rows, checked before the counts (which count them as repairs); --full counts after its pass.
    let stubs: StubCheck[] | undefined;
    if (!o.full) {
      o.onLayer?.("row counts");
      stubs = await checkStubs(conn, db, await expected);
      for (const c of collections)
        countRows.push(
          await countRow(conn, db, c.collection, await db.collection(c.collection).countDocuments(), stubs, await expected, failed),
        );
    }
    o.onLayer?.(o.full ? "row counts and records (every document)" : `records (sample of ${o.sample ?? SAMPLE_SIZE} per table)`);
    // --full: a junction is checked as soon as the tables of both its sides are read (their entries
    // staged), beside the tables still being read; one check at a time, on the connection that owns
    // the entries.
    const checks = junctionChecksOn(conn, expected);
    const records = await compareRecords(sql, db, o, o.full ? conn : undefined, expected, o.full ? checks.tableRead : () => {});
    stubs ??= await checkStubs(conn, db, await expected);
    if (o.full) for (const r of records) countRows.push(await countRow(conn, db, r.table, r.sampleSize, stubs, await expected, failed));
    else {
      for (const j of junctions) for await (const entries of entriesOfJunction(db, j, BATCH_SIZE)) await stageEntries(conn, entries);
      for (const c of collections) checks.tableRead(c.collection);
    }
    o.onLayer?.("referential integrity");
    const junctionChecks = await checks.all();
    o.onLayer?.(`types, schema and NextCRM ${TODAY.release} readiness`);
    const [orphans, { schemaDifferences, issues }, readiness] = await targetOnly;
    return {
      counts: countRows,
      stubs,
      records,
      orphans,
      junctions: junctionChecks,
      schemaDifferences,
      typeIssues: issues,
      unknownCollections: await unknown,
      readiness,
      durationMs: Date.now() - started,
    };
  });
}

/** The layers read every table of the map: without them there is nothing to validate, only to migrate first. */
async function requireTables(sql: Sql): Promise<void> {
  const names = [...dataTables.map(qualifiedName), UNMAPPED];
  const missing = await sql<{ name: string }[]>`select name from unnest(${names}::text[]) name where to_regclass(name) is null`;
  if (missing.length) {
    throw new MigrateError(
      "SCHEMA_MISSING",
      `the PostgreSQL database lacks ${missing.length} of the tables a migration makes (first: ${missing[0]!.name}); run \`nextcrm-migrate schema apply\` and \`migrate\` into it, then validate.`,
    );
  }
}

/**
 * Layer 2 over every table: a sample, or (--full, `conn` given) every document, whose junction
 * arrays are staged on `conn` on the way. Two tables at a time, as the migrator reads them, so that
 * MongoDB is read while the other table's batch is compared (docs/ARCHITECTURE.md, "The validator").
 */
async function compareRecords(
  sql: Sql,
  db: Db,
  o: ValidateOptions,
  conn: Queryable | undefined,
  stubs: Promise<Map<string, Set<string>>>,
  tableRead: (collection: string) => void,
): Promise<RecordResult[]> {
  const records: RecordResult[] = new Array(collections.length);
  const order = conn ? await largestFirst(db) : collections.map((_, i) => i);
  await lanes(
    TABLE_LANES,
    () => order.shift(),
    async (i) => {
      const c = collections[i]!;
      const read = conn ? openScan(db, c.collection, BATCH_SIZE) : undefined;
      const onBatch =
        conn && c.junctions.length ? (docs: Document[], uuids: string[]) => stageEntries(conn, entriesOf(c, docs, uuids)) : undefined;
      try {
        records[i] = await validateRecords(sql, db, c, {
          sample: o.sample ?? SAMPLE_SIZE,
          batchSize: BATCH_SIZE,
          stubs,
          ...(read ? { read } : {}),
          ...(onBatch ? { onBatch } : {}),
        });
        tableRead(c.collection);
      } finally {
        await read?.close();
      }
    },
  );
  return records;
}

/**
 * The tables' positions in the map, the largest (by the server's estimate) first: two lanes end together when
 * the long tables are not left for last.
 */
async function largestFirst(db: Db): Promise<number[]> {
  const sizes = await Promise.all(collections.map((c) => approximateCount(db, c.collection).catch(() => 0)));
  return collections.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]!);
}

/**
 * The junction checks, each started (in turn, on `conn`) once every table its sides' arrays are in
 * has been read; `all` waits for them, in the map's order.
 */
function junctionChecksOn(conn: Queryable, stubs: Promise<Map<string, Set<string>>>) {
  const read = new Set<string>();
  const started: Promise<JunctionCheck>[] = [];
  let last: Promise<unknown> = Promise.resolve();
  return {
    tableRead(collection: string): void {
      read.add(collection);
      for (const [k, j] of junctions.entries()) {
        if (started[k] || !j.sides.every((s) => read.has(s.collection))) continue;
        const check = last.then(async () => checkJunction(conn, j, await stubs));
        check.catch(() => {}); // awaited by all(); a failure meanwhile must not go unhandled
        started[k] = check;
        last = check.catch(() => {});
      }
    },
    all: () =>
      Promise.all(
        junctions.map((_, k) => started[k] ?? Promise.reject(new Error(`junction ${junctions[k]!.name}: its tables were never read`))),
      ),
  };
}
