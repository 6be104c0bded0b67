// A dry run, as its phases: open the source (and, given one, check the target), plan, read every
// table as a migration would, into memory instead of PostgreSQL, then resolve the junctions.
// It writes nothing anywhere but its report, which the caller writes (docs/ARCHITECTURE.md,
// "The dry run").
import { BATCH_SIZE, TABLE_LANES } from "../defaults.js";
import { scrub } from "../mask.js";
import { openMongo, requireNextcrm } from "../mongo/connect.js";
import { emptyCheckpoint, totalsOf } from "../migrate/checkpoint.js";
import type { MigrationEvents } from "../migrate/events.js";
import { runByDependencies } from "../migrate/order.js";
import { checkTarget, foreignRows, planRun, type MigrationResult } from "../migrate/run.js";
import { Stats } from "../migrate/stats.js";
import { TableRunner, type FailureLog } from "../migrate/tables.js";
import type { Saves } from "../migrate/target.js";
import { openPostgres, type Sql } from "../postgres/connect.js";
import { withReleasers } from "../releasers.js";
import { renderDocument, type FailureEntry } from "../report/errorLog.js";
import type { Readiness } from "../nextcrm/readiness.js";
import { ident } from "../schema/sqlText.js";
import { DryRunTarget, uniquesOf } from "./target.js";

export interface DryRunOptions {
  mongoUrl: string;
  mongoDb: string;
  /** Optional: checked (connection, schema, rows no source document accounts for), never written to. */
  postgresUrl?: string;
  /** As the migration's --allow-existing: the target's rows are kept, and their unique values taken. */
  allowExisting?: boolean;
  /** As the migration's --exact-values. */
  exactValues?: boolean;
  batchSize?: number;
  stop?: { requested: boolean };
  events?: MigrationEvents;
}

/** A would-fail document: the migration's message, and the document redacted, to fix at the source. */
export interface WouldFail {
  table: string;
  mongoId: string;
  message: string;
  /** Relaxed Extended JSON, secrets redacted; of one that cannot be rendered, what of it can be (src/report/errorLog.ts, renderDocument). */
  document: unknown;
  /** Why the document is not shown whole, when it is not. */
  documentNotRendered?: string;
  /** Then: its BSON in base64, secret fields' values replaced (or, without it, why not). */
  bson?: string;
  bsonNotWritten?: string;
}

export interface DryRunResult extends Omit<MigrationResult, "failures" | "keptForUpgrade"> {
  failures: WouldFail[];
  /** What today's NextCRM would make of the rows a migration would write. */
  readiness: Readiness;
  /** The user who would own the stub rows, if any are needed and a user exists. */
  stubOwner: string | null;
  /** Whether a PostgreSQL target was given, and found ready. */
  postgresChecked: boolean;
  /** The target's rows no source document accounts for, per table: a migration would stop on them (without --allow-existing). */
  foreignRows: { table: string; rows: number }[];
}

/** Nowhere to save: a dry run keeps no checkpoint. */
const NO_SAVES: Saves = { later: () => {}, now: async () => {} };

/**
 * Collects what a migration would log; repairs are counted by kind in the tables instead. A
 * document that cannot be rendered as Extended JSON is kept as the error log keeps it: what of it
 * renders, and its BSON in base64.
 */
class WouldFailLog implements FailureLog {
  readonly entries: WouldFail[] = [];
  append(e: FailureEntry): void {
    const r = renderDocument(e.document, e.raw);
    this.entries.push({
      table: e.table,
      mongoId: e.mongoId,
      message: scrub(e.message),
      document: r.json,
      ...(r.problem !== undefined ? { documentNotRendered: r.problem } : {}),
      ...(r.bson !== undefined ? { bson: r.bson } : {}),
      ...(r.bsonProblem !== undefined ? { bsonNotWritten: r.bsonProblem } : {}),
    });
  }
  warnings(): void {}
}

export function runDryRun(o: DryRunOptions): Promise<DryRunResult> {
  return withReleasers(async (defer) => {
    const started = Date.now();
    const ev = o.events ?? {};
    const stop = o.stop ?? { requested: false };
    const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
    defer(() => client.close());
    // The target's refusals first, as a migration's (src/migrate/run.ts).
    const sql = o.postgresUrl ? await openPostgres(o.postgresUrl, { max: 1 }) : undefined;
    if (sql) {
      defer(() => sql.end({ timeout: 5 }));
      await checkTarget(sql);
    }
    await requireNextcrm(db);
    const plan = await planRun(undefined, db, ev, { exactValues: !!o.exactValues });
    const target = new DryRunTarget();
    let foreign: { table: string; rows: number }[] = [];
    if (sql) {
      if (!o.allowExisting) foreign = await foreignRows(sql, db, plan.order);
      else
        for (const c of plan.order)
          for (const u of uniquesOf(c)) target.holdsAlready(u.name, await heldValues(sql, c.collection, u.columns));
    }
    const stats = new Stats(emptyCheckpoint("", ""));
    const log = new WouldFailLog();
    const runner = new TableRunner(target, db, log, stats, ev, o.batchSize ?? BATCH_SIZE, NO_SAVES);
    const done = new Set<string>();
    await runByDependencies(
      plan.order,
      done,
      TABLE_LANES,
      async (c, halt) => {
        await runner.table(c, plan.totals.get(c.collection) ?? 0, halt);
        if (stats.tables[c.collection]?.done) done.add(c.collection);
      },
      () => stop.requested,
    );
    const complete = plan.order.every((c) => done.has(c.collection));
    const junctions = complete ? target.junctionResults(plan.junctions) : {};
    for (const [name, r] of Object.entries(junctions)) ev.junctionDone?.(name, r);
    return {
      status: complete ? "complete" : "paused",
      ...(complete ? {} : { pauseReason: "stop requested" }),
      durationMs: Date.now() - started,
      tables: stats.tables,
      junctions,
      failures: log.entries,
      unknownCollections: plan.unknown,
      totals: totalsOf(stats.tables),
      readiness: target.readiness(),
      stubOwner: Object.values(stats.tables).some((t) => t.repairs.stub) ? await target.stubOwner() : null,
      postgresChecked: !!o.postgresUrl,
      foreignRows: foreign,
    };
  });
}

/** The values a unique index of the target holds, by row id (a CRM's users: few). */
async function heldValues(sql: Sql, table: string, columns: readonly string[]): Promise<[string, unknown[]][]> {
  const rows = await sql.unsafe<Record<string, unknown>[]>(`select id, ${columns.map(ident).join(", ")} from ${ident(table)}`);
  return rows.map((r) => [r.id as string, columns.map((c) => r[c])]);
}
