// A migration, as its phases: open and lock, check the schema, resume or start, plan, run the
// tables (two at a time, each once the tables it references are done, junctions syncing behind
// them), sync the junctions left, finish. Progress goes out as events; this module prints nothing.
import { RUN_LOCK } from "../postgres/locks.js";
import { tablesReadBy } from "../map/relations.js";
import type { Db } from "mongodb";
import { BATCH_SIZE, TABLE_LANES } from "../defaults.js";
import { foreignRowsRefusal, MigrateError } from "../errors.js";
import { collections as allCollections, junctions as allJunctions } from "../map/collections.js";
import { withoutTodayRepairs } from "../map/declare.js";
import type { CollectionMapping, JunctionMapping } from "../map/types.js";
import { scrub } from "../mask.js";
import { openMongo, requireNextcrm } from "../mongo/connect.js";
import { approximateCount, unknownCollections, uuidBatches, type UnknownCollection } from "../mongo/read.js";
import { openPostgres, type Sql } from "../postgres/connect.js";
import { rowsWithoutSource } from "../postgres/foreign.js";
import { upgradedError } from "../postgres/history.js";
import type { JunctionResult } from "../postgres/junctionSync.js";
import { checkSchema } from "../postgres/schemaCheck.js";
import { forgetRowHashes } from "../postgres/rowHash.js";
import { ensureStage } from "../postgres/stage.js";
import { keepForUpgrade } from "../nextcrm/keep.js";
import { withReleasers, type Defer } from "../releasers.js";
import { ErrorLog } from "../report/errorLog.js";
import {
  CheckpointWriter,
  deleteCheckpoint,
  earlierFailures,
  emptyCheckpoint,
  fingerprint,
  loadCheckpoint,
  totalsOf,
  type CheckpointData,
  type Totals,
} from "./checkpoint.js";
import type { MigrationEvents, TableProgress } from "./events.js";
import { JunctionSyncs } from "./junctions.js";
import { migrationOrder, runByDependencies } from "./order.js";
import { PostgresTarget } from "./postgresTarget.js";
import { ConnectionLost, withRetry } from "./retry.js";
import { Stats } from "./stats.js";
import { TableRunner, type Failure } from "./tables.js";

export type { MigrationEvents, TableProgress } from "./events.js";
export type { Failure } from "./tables.js";

export interface MigrateOptions {
  mongoUrl: string;
  mongoDb: string;
  postgresUrl: string;
  /** Documents per batch and transaction. Default 1000. */
  batchSize?: number;
  /** Ignore the checkpoint and start over (safe: upserts are idempotent). */
  restart?: boolean;
  /** Re-read only the documents that failed in the last run. */
  retryFailed?: boolean;
  /** Go on although the target holds rows that are no source document's (see refuseForeignRows). */
  allowExisting?: boolean;
  /** Only these tables (and the junctions between them). */
  tables?: string[];
  /** Keep every value `0_init` accepts as it is, also those today's NextCRM cannot read (no TodayRepair). */
  exactValues?: boolean;
  checkpointPath: string;
  errorLogPath: string;
  /** Set `requested` to pause after the batches in flight (Ctrl+C, SIGTERM). */
  stop?: { requested: boolean };
  events?: MigrationEvents;
}

export interface MigrationResult {
  status: "complete" | "paused";
  /** Why the run paused, when it did. */
  pauseReason?: string;
  /** It paused because a database stayed unreachable through every retry (exit 3, not 130). */
  unreachable?: boolean;
  /** Failed documents of tables this run did not cover (--tables), still listed in the checkpoint. */
  failedElsewhere?: number;
  durationMs: number;
  tables: Record<string, TableProgress>;
  junctions: Record<string, JunctionResult>;
  failures: Failure[];
  unknownCollections: UnknownCollection[];
  totals: Totals;
  /** Rows copied into nextcrm_migrate.upgrade_kept per table: what NextCRM's upgrade drops or overwrites. */
  keptForUpgrade: { table: string; rows: number }[];
}

export function runMigration(o: MigrateOptions): Promise<MigrationResult> {
  return withReleasers(async (defer) => {
    const started = Date.now();
    const ev = o.events ?? {};
    const stop = o.stop ?? { requested: false };
    const { sql, db } = await openAndLock(o, defer);
    await checkTarget(sql);
    await requireNextcrm(db);
    const { cp, retry, checked, previous } = resumeOrStart(o);
    const plan = await planRun(o.tables ?? (retry ? Object.keys(cp.tables) : undefined), db, ev, {
      unknown: !o.tables,
      exactValues: !!o.exactValues,
    });
    if (!checked && !o.allowExisting) await refuseForeignRows(sql, db, plan, previous);
    const writer = new CheckpointWriter(o.checkpointPath, cp);
    defer(() => writer.settled()); // a background save lands before the run returns
    const stage = await prepareStage(sql, cp, retry, ev);
    if (previous) keepUncovered(cp, previous, plan, stage.fresh, ev);
    if (o.restart)
      await forgetRowHashes(
        sql,
        plan.order.map((c) => c.collection),
      );
    const stats = new Stats(cp);
    // A resumed run reports the whole migration: the tables read before the interruption too.
    for (const c of plan.order) if (cp.tables[c.collection]) stats.table(c.collection, plan.totals.get(c.collection) ?? 0);
    const log = new ErrorLog(o.errorLogPath, scrub);
    // With the stage lost, retrying alone would sync every junction from the retried arrays only.
    const retrying = retry && !stage.lost;
    const target = new PostgresTarget(sql, ev, writer, { fresh: stage.fresh, retrying });
    const runner = new TableRunner(target, db, log, stats, ev, o.batchSize ?? BATCH_SIZE, writer);
    const syncs = new JunctionSyncs(sql, plan.junctions, cp, ev, () => writer.now(), stop);
    const done = new Set(
      Object.entries(cp.tables)
        .filter(([, s]) => s.done)
        .map(([n]) => n),
    );
    let pauseReason: string | undefined;
    let unreachable = false;
    let kept: { table: string; rows: number }[] = [];
    try {
      if (retrying) await retryTables(runner, target, plan, cp, done);
      else await runTables(runner, syncs, plan, cp, done, stop);
      await syncs.syncReady(done);
      if (!stop.requested)
        kept = await withRetry(
          "PostgreSQL",
          () =>
            keepForUpgrade(
              sql,
              plan.order.map((c) => c.collection).filter((n) => done.has(n)),
            ),
          ev.warning,
        );
      await target.close();
    } catch (e) {
      if (!(e instanceof ConnectionLost)) {
        // Whatever stopped the run (the error log, a bug, a server's refusal), the checkpoint
        // holds every batch committed before it, and the same command resumes from there. A
        // save that fails too (the checkpoint's own disk) leaves the error that stopped the run.
        await writer.now().catch(() => {});
        throw e;
      }
      pauseReason = scrub(e.message);
      unreachable = true;
    }
    const allDone = plan.order.every((c) => cp.tables[c.collection]?.done) && plan.junctions.every((j) => cp.junctions[j.name]?.done);
    pauseReason ??= stop.requested && !allDone ? "stop requested" : undefined;
    await finish(cp, writer, o.checkpointPath, !pauseReason);
    return {
      status: pauseReason ? "paused" : "complete",
      ...(pauseReason ? { pauseReason } : {}),
      ...(unreachable ? { unreachable } : {}),
      durationMs: Date.now() - started,
      tables: stats.tables,
      junctions: syncs.results,
      failures: [...earlierFailures(cp, runner.failures).filter((f) => f.table in stats.tables), ...runner.failures],
      failedElsewhere: Object.entries(cp.failed).reduce((n, [table, ids]) => (table in stats.tables ? n : n + ids.length), 0),
      unknownCollections: plan.unknown,
      totals: totalsOf(stats.tables),
      keptForUpgrade: kept,
    };
  });
}

/** Both connections, and the run lock on PostgreSQL: one connection each for the lock, a batch, its reference probes and a junction sync. */
async function openAndLock(o: MigrateOptions, defer: Defer): Promise<{ sql: Sql; db: Db }> {
  const sql = await openPostgres(o.postgresUrl, { max: 5 });
  defer(() => sql.end({ timeout: 5 }));
  const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
  defer(() => client.close());
  const lock = await sql.reserve();
  defer(() => lock.release());
  const [row] = await lock<{ locked: boolean }[]>`select pg_try_advisory_lock(${RUN_LOCK}) as locked`;
  if (!row?.locked)
    throw new MigrateError(
      "LOCKED",
      "another migration is running against this PostgreSQL database; wait for it to finish (or stop it), then rerun.",
    );
  defer(() => lock`select pg_advisory_unlock(${RUN_LOCK})`.catch(() => {}));
  return { sql, db };
}

/**
 * Nothing is written into a schema that is not the expected one, nor one NextCRM upgraded already.
 * The working tables are not checked: the run makes them right itself (see prepareStage).
 */
export async function checkTarget(sql: Sql): Promise<void> {
  const { differences, state, later } = await checkSchema(sql, { skipWorkingTables: true });
  if (state === "upgraded") throw upgradedError(later);
  if (state === "missing")
    throw new MigrateError(
      "SCHEMA_MISSING",
      "the PostgreSQL database has no NextCRM schema; run `nextcrm-migrate schema apply` first. Nothing was written.",
    );
  if (differences.length) {
    throw new MigrateError(
      "SCHEMA_DIFFERS",
      `the PostgreSQL schema differs from the expected one in ${differences.length} place(s) (first: ${differences[0]}); run \`nextcrm-migrate schema check\` to see them and \`schema apply\` to fix. Nothing was written.`,
    );
  }
}

/**
 * Before a migration's first write: the rows of the target that no source document accounts for
 * (NextCRM's seed, a user who signed up), per table. Upserting beside them would leave duplicate
 * lookup rows and counts nobody can explain, so they stop the run unless --allow-existing. A resume
 * or a retry was checked before its first write and is not checked again; a new pass over a target
 * the tool filled before (a rerun) reads the source's ids again, except for the tables that hold
 * exactly the rows the finished run's checkpoint says it wrote.
 */
async function refuseForeignRows(sql: Sql, db: Db, plan: Plan, previous: CheckpointData | undefined): Promise<void> {
  const found = await foreignRows(sql, db, plan.order, previous);
  if (!found.length) return;
  throw foreignRowsRefusal(found);
}

/**
 * Per table, the rows of the target whose id is no source document's UUID (src/postgres/foreign.ts).
 * `previous`: the finished run's checkpoint, whose rows written per table spare a table that holds
 * exactly those the read of its ids.
 */
export async function foreignRows(
  sql: Sql,
  db: Db,
  tables: readonly CollectionMapping[],
  previous?: CheckpointData,
): Promise<{ table: string; rows: number }[]> {
  const found: { table: string; rows: number }[] = [];
  for (const c of tables) {
    const t = previous?.tables[c.collection];
    const written = t?.done ? t.migrated + t.repaired : undefined;
    const rows = await rowsWithoutSource(sql, c.collection, () => uuidBatches(db, c.collection), written);
    if (rows) found.push({ table: c.collection, rows });
  }
  return found;
}

/**
 * The checkpoint to go on from (a pause, a kill, a run with failures to retry), or a new one.
 * `checked`: the run goes on from an interrupted run or retries a finished one, which were checked
 * for foreign rows before their first write (see refuseForeignRows). A retry covers the tables the
 * checkpoint holds: a run of some tables (--tables) staged no arrays for the others.
 */
function resumeOrStart(o: MigrateOptions): { cp: CheckpointData; retry: boolean; checked: boolean; previous?: CheckpointData } {
  const source = fingerprint(o.mongoUrl);
  const target = fingerprint(o.postgresUrl);
  const cp = o.restart ? undefined : loadCheckpoint(o.checkpointPath, source, target);
  if (o.retryFailed) {
    // Retrying alone would sync every junction from an empty stage, and empty them.
    if (!cp)
      throw new MigrateError(
        "USAGE",
        `--retry-failed: there is no checkpoint at ${o.checkpointPath}, so no failed document to retry (a run that ends without failures deletes it); run without --retry-failed. Nothing was written.`,
      );
    if (!cp.complete)
      throw new MigrateError(
        "USAGE",
        "--retry-failed: the last run did not finish; resume it first (the same command without --retry-failed), then retry what failed. Nothing was written.",
      );
    return { cp, retry: true, checked: true };
  }
  // A complete checkpoint (a run with failures) starts a new pass, which is checked again.
  const resumed = !!cp && !cp.complete;
  return { cp: resumed ? cp : emptyCheckpoint(source, target), retry: false, checked: resumed, ...(cp?.complete ? { previous: cp } : {}) };
}

/**
 * A new pass of some tables (--tables) leaves the others as the last pass left them: their
 * failed documents stay listed, so the checkpoint is kept and --retry-failed still reaches them.
 * A junction keeps its state only if none of its tables is in this pass. Not when the stage is
 * new: the others' arrays are gone with it, and a retry of them would sync their junctions from
 * nothing, so they need a pass of their own.
 */
function keepUncovered(cp: CheckpointData, previous: CheckpointData, plan: Plan, freshStage: boolean, ev: MigrationEvents): void {
  const tables = new Set(plan.order.map((c) => c.collection));
  const others = Object.keys(previous.tables).filter((name) => !tables.has(name));
  if (!others.length) return;
  if (freshStage) {
    if (others.some((name) => previous.failed[name]?.length))
      ev.warning?.(
        `the junction stage is new, so the failed documents of ${others.join(", ")} are no longer listed; migrate those tables again to retry them`,
      );
    return;
  }
  for (const name of others) {
    cp.tables[name] = previous.tables[name]!;
    if (previous.failed[name]) cp.failed[name] = previous.failed[name];
  }
  for (const j of allJunctions) {
    const state = previous.junctions[j.name];
    if (state && !tablesReadBy(j).some((t) => tables.has(t))) cp.junctions[j.name] = state;
  }
}

export interface Plan {
  /** The tables in foreign-key order. */
  order: CollectionMapping[];
  junctions: JunctionMapping[];
  /** Each table's approximate size, for progress. */
  totals: Map<string, number>;
  unknown: UnknownCollection[];
}

/**
 * What this run covers (all, or --tables and the junctions between them), and how big each table
 * is. `unknown`: also look for collections NextCRM's schema lacks (a run of every table).
 * `exactValues`: the tables' mappings without their TodayRepairs.
 */
export async function planRun(
  tables: string[] | undefined,
  db: Db,
  ev: MigrationEvents,
  o: { unknown?: boolean; exactValues?: boolean } = {},
): Promise<Plan> {
  const unknown = o.unknown ?? !tables;
  const wanted = (name: string) => !tables || tables.includes(name);
  const order = migrationOrder(allCollections)
    .filter((c) => wanted(c.collection))
    .map((c) => (o.exactValues ? withoutTodayRepairs(c) : c));
  const junctions = allJunctions.filter((j) => tablesReadBy(j).every(wanted));
  const strangers = unknown
    ? await unknownCollections(
        db,
        allCollections.map((c) => c.collection),
        approximateCount,
      )
    : [];
  for (const u of strangers)
    ev.warning?.(`collection ${u.name} (${u.documents} documents) is not part of NextCRM's schema and was not migrated`);
  const totals = new Map<string, number>();
  for (const c of order) totals.set(c.collection, await approximateCount(db, c.collection));
  ev.plan?.(
    order.map((c) => ({ name: c.collection, total: totals.get(c.collection) ?? 0 })),
    junctions.map((j) => j.name),
  );
  return { order, junctions, totals, unknown: strangers };
}

/**
 * The junction stage and the other working tables, ready for this run (see ensureStage): `fresh`
 * when the stage starts empty (created, recreated in a new shape, or emptied by a PostgreSQL
 * crash). Then no unchanged document has its arrays staged any more: every table's hashes go, and
 * its documents are staged again as they are written.
 * `lost` when it lost what the checkpoint's tables staged: the tables read so far are read again,
 * every one of them, their counts and failures starting over with them.
 */
async function prepareStage(sql: Sql, cp: CheckpointData, retry: boolean, ev: MigrationEvents): Promise<{ fresh: boolean; lost: boolean }> {
  const fresh = await ensureStage(sql);
  if (fresh)
    await withRetry(
      "PostgreSQL",
      () =>
        forgetRowHashes(
          sql,
          allCollections.map((c) => c.collection),
        ),
      ev.warning,
    );
  const lost = fresh && Object.values(cp.tables).some((t) => t.cursor !== null);
  if (lost) {
    ev.warning?.(
      `the junction stage of the ${retry ? "last" : "interrupted"} run is missing; re-reading ${retry ? "every table, not only the failed ids" : "the tables already done"}`,
    );
    Object.assign(cp, { tables: {}, junctions: {}, failed: {}, complete: false });
  }
  return { fresh, lost };
}

/**
 * Two tables at a time: one table's batches leave each of the three processes waiting on the
 * others, and FerretDB sorts a whole collection before its first batch. A second table and a
 * batch ahead keep the machine's cores busier than one table at a time.
 */
async function runTables(
  runner: TableRunner,
  syncs: JunctionSyncs,
  plan: Plan,
  cp: CheckpointData,
  done: Set<string>,
  stop: { requested: boolean },
): Promise<void> {
  // Tables an interrupted run had begun go first, so that interruptions leave no more of them
  // half done than there are lanes.
  const begun = (c: CollectionMapping) => (cp.tables[c.collection]?.cursor ? 0 : 1);
  try {
    await runByDependencies(
      [...plan.order].sort((a, b) => begun(a) - begun(b)),
      done,
      TABLE_LANES,
      async (c, halt) => {
        await runner.table(c, plan.totals.get(c.collection) ?? 0, halt);
        if (cp.tables[c.collection]?.done) done.add(c.collection);
        syncs.inBackground(done);
      },
      () => stop.requested || syncs.failed,
    );
  } finally {
    // No sync runs behind a failed or paused run; a table's own failure is the one thrown.
    await syncs.idle();
  }
  syncs.rethrow();
}

/**
 * --retry-failed: the failed documents of each table, and those whose references were repaired
 * because a document this retry moved was missing, in foreign-key order; then every junction again.
 */
async function retryTables(runner: TableRunner, target: PostgresTarget, plan: Plan, cp: CheckpointData, done: Set<string>): Promise<void> {
  for (const c of plan.order) await runner.retry(c, plan.totals.get(c.collection) ?? 0, await target.referenceRepaired(c, runner.moved));
  for (const j of plan.junctions) delete cp.junctions[j.name];
  for (const c of plan.order) done.add(c.collection);
}

/**
 * Saves where the run stands. A complete run without failures deletes its checkpoint; with
 * failures, it stays for --retry-failed. The stage stays for the next run (see prepareStage).
 */
async function finish(cp: CheckpointData, writer: CheckpointWriter, path: string, complete: boolean): Promise<void> {
  if (complete) cp.complete = true;
  if (complete && Object.values(cp.failed).every((ids) => ids.length === 0)) {
    await writer.settled();
    deleteCheckpoint(path);
  } else await writer.now();
}
