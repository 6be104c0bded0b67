// `schema apply`: extensions, then drizzle-kit's migrations, under an advisory lock, in one
// transaction. On a database NextCRM's own `0_init` created, only what docs/ARCHITECTURE.md allows
// is added; a database NextCRM has upgraded further is refused before anything is written.
import { APPLY_LOCK, STAGE_LOCK } from "./locks.js";
import { randomUUID } from "node:crypto";
import { MigrateError, NOT_PERMITTED } from "../errors.js";
import { scrub } from "../mask.js";
import { RELEASE_MIGRATION } from "../schema/prisma.js";
import { ident } from "../schema/sqlText.js";
import type { Query } from "./catalog.js";
import type postgres from "postgres";
import type { Queryable, Sql } from "./connect.js";
import { JOURNAL, JOURNAL_SCHEMA, planApply, readHistory, readMigrations } from "./history.js";
import { ensureWorkingTables } from "./workingTables.js";

/**
 * An extension the target wants. Without a required one `schema apply` stops (exit 2); without an
 * optional one, because the server lacks it or this role may not create it, it warns and applies
 * the schema all the same.
 */
export interface WantedExtension {
  name: string;
  required: boolean;
  /** The warning when the server does not have it at all. */
  absent?: string;
  /** What needs it, for the warning when this role may not create it. */
  neededBy?: string;
  /** Another way to get it than asking the database's owner or administrator. */
  otherwise?: string;
}

export const VECTOR_HINT =
  "the server has no pgvector extension (vector): NextCRM's AI features will need it; use the pgvector/pgvector:pg16 image or install the postgresql-16-pgvector package, then rerun `schema apply`.";

/** Extensions the target wants; `vector` is for NextCRM's later AI features, so it only warns. */
export const EXTENSIONS: readonly WantedExtension[] = [
  { name: "uuid-ossp", required: true },
  {
    name: "vector",
    required: false,
    absent: VECTOR_HINT,
    neededBy: "NextCRM's AI features",
    otherwise: "use the pgvector/pgvector:pg16 image",
  },
];

export interface ApplyResult {
  extensions: string[];
  warnings: string[];
  /** What was done: the migrations run, and those NextCRM's own `0_init` had already made. */
  ran: string[];
  adopted: string[];
}

/**
 * Runs part of a transaction in a savepoint: if it fails, only that part is undone, its error is
 * thrown, and the transaction goes on.
 */
export type Savepoint = <T>(part: (query: Query) => Promise<T>) => Promise<T>;

/** A database that runs a function in one transaction: postgres.js here, PGlite in the tests. */
export interface Transactional {
  /** `savepoint` may be left out where a failed statement caught by the caller leaves the transaction usable after `rollback to savepoint`. */
  transaction<T>(fn: (query: Query, savepoint?: Savepoint) => Promise<T>): Promise<T>;
}

export const queryOf =
  (db: Queryable): Query =>
  <T>(text: string, params: unknown[]) =>
    db.unsafe<T[] & postgres.Row[]>(text, params as never[]).then((rows) => [...rows]);

/**
 * postgres.js fails a whole sql.begin() when any statement in it failed, even one whose error was
 * caught (and rolled back to a savepoint by hand); only its own tx.savepoint() confines a failure.
 */
export const transactional = (sql: Sql): Transactional => ({
  transaction: <T>(fn: (query: Query, savepoint?: Savepoint) => Promise<T>) =>
    sql.begin((tx) =>
      fn(queryOf(tx), <U>(part: (query: Query) => Promise<U>) => tx.savepoint((sp) => part(queryOf(sp))) as Promise<U>),
    ) as Promise<T>,
});

/** A savepoint spelt out in SQL, for a database whose driver lets the caller handle a failed statement. */
const sqlSavepoint =
  (query: Query): Savepoint =>
  async (part) => {
    await query(`savepoint part`, []);
    try {
      const result = await part(query);
      await query(`release savepoint part`, []);
      return result;
    } catch (e) {
      await query(`rollback to savepoint part`, []);
      throw e;
    }
  };

export interface ApplyOptions {
  /** The extensions to create (EXTENSIONS); tests name others to reach every outcome on any server. */
  extensions?: readonly WantedExtension[];
}

/** `target`: a postgres.js pool, or any database that runs a transaction (PGlite in the tests). */
export async function applySchema(
  target: Sql | Transactional,
  { extensions: wanted = EXTENSIONS }: ApplyOptions = {},
): Promise<ApplyResult> {
  const db = typeof target === "function" ? transactional(target) : target;
  const migrations = readMigrations();
  try {
    return await db.transaction(async (query, savepoint = sqlSavepoint(query)) => {
      await query(`select pg_advisory_xact_lock(${APPLY_LOCK})`, []);
      // A run creating or emptying the stage at the same moment waits, or is waited for.
      await query(`select pg_advisory_xact_lock(${STAGE_LOCK})`, []);
      const plan = planApply(await readHistory(query), migrations);
      const available = new Set((await query<{ name: string }>(`select name from pg_available_extensions`, [])).map((r) => r.name));
      const warnings: string[] = [];
      const extensions: string[] = [];
      for (const ext of wanted) {
        if (!available.has(ext.name)) {
          warnings.push(ext.absent ?? `the server has no ${ext.name} extension`);
          continue;
        }
        // A role that may not create an extension fails only that statement; an optional one warns.
        try {
          await savepoint((q) => q(`create extension if not exists ${ident(ext.name)}`, []));
          extensions.push(ext.name);
        } catch (e) {
          const reason = scrub((e as Error).message);
          const ask = `ask the database's owner or administrator to run CREATE EXTENSION ${ident(ext.name)} in this database`;
          if (ext.required)
            throw new MigrateError(
              "EXTENSION",
              `could not create the extension ${ext.name} (${reason}); ${ask}, then rerun \`schema apply\`. Nothing was written.`,
            );
          const needed = ext.neededBy ? `: ${ext.neededBy} will need it` : "";
          const otherwise = ext.otherwise ? ` (or ${ext.otherwise})` : "";
          warnings.push(
            `could not create the extension ${ext.name} (${reason}), so the schema is applied without it${needed}; ${ask}${otherwise}, then rerun \`schema apply\`.`,
          );
        }
      }
      await query(`create schema if not exists ${ident(JOURNAL_SCHEMA)}`, []);
      await query(`create table if not exists ${JOURNAL} (id serial primary key, hash text not null, created_at bigint)`, []);
      const record = (m: { hash: string; folderMillis: number }) =>
        query(`insert into ${JOURNAL} (hash, created_at) values ($1, $2)`, [m.hash, m.folderMillis]);
      for (const m of plan.adopt) await record(m);
      for (const m of plan.run) {
        for (const statement of m.statements) await query(statement, []);
        await record(m);
      }
      // A working table dropped by hand, or left in another shape, after its migration ran.
      await ensureWorkingTables(query);
      // As `prisma migrate deploy` leaves it after 0_init, so that NextCRM continues from there.
      await query(
        `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         select $1::text, $2::text, now(), $3::text, null, null, now(), 1
         where not exists (select 1 from "_prisma_migrations" where migration_name = $3::text)`,
        [randomUUID(), RELEASE_MIGRATION.checksum, RELEASE_MIGRATION.name],
      );
      return { extensions, warnings, ran: plan.run.map((m) => m.tag), adopted: plan.adopt.map((m) => m.tag) };
    });
  } catch (e) {
    // A role without the rights the schema needs is the configuration's problem (exit 2), not a crash.
    if ((e as { code?: unknown }).code === NOT_PERMITTED) {
      throw new MigrateError(
        "PERMISSION",
        `this role may not create the schema (${scrub((e as Error).message)}); connect as the database's owner, or ask its administrator to grant it CREATE on the database and on schema public, then rerun \`schema apply\`. Nothing was written.`,
        { cause: e },
      );
    }
    throw e;
  }
}
