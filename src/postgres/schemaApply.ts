// `schema apply`: extensions, then drizzle-kit's migrations, under an advisory lock, in one
// transaction. On a database NextCRM's own `0_init` created, only what docs/ARCHITECTURE.md allows
// is added; a database NextCRM has upgraded further is refused before anything is written.
import { randomUUID } from "node:crypto";
import { MigrateError } from "../errors.js";
import { scrub } from "../mask.js";
import { RELEASE_MIGRATION } from "../schema/prisma.js";
import { ident } from "../schema/sqlText.js";
import type { Query } from "./catalog.js";
import type postgres from "postgres";
import type { Queryable, Sql } from "./connect.js";
import { JOURNAL, JOURNAL_SCHEMA, planApply, readHistory, readMigrations } from "./history.js";

/** Extensions the target wants; `vector` is for NextCRM's later AI features, so its absence only warns. */
export const EXTENSIONS = [
  { name: "uuid-ossp", required: true },
  { name: "vector", required: false },
] as const;

export const VECTOR_HINT =
  "the server has no pgvector extension (vector): NextCRM's AI features will need it; use the pgvector/pgvector:pg16 image or install the postgresql-16-pgvector package, then rerun `schema apply`.";

/** Two apply runs at once would race on CREATE TYPE; this key serialises them. */
const APPLY_LOCK = 0x6e6378_01;

export interface ApplyResult {
  extensions: string[];
  warnings: string[];
  /** What was done: the migrations run, and those NextCRM's own `0_init` had already made. */
  ran: string[];
  adopted: string[];
}

/** A database that runs a function in one transaction: postgres.js here, PGlite in the tests. */
export interface Transactional {
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>;
}

export const queryOf =
  (db: Queryable): Query =>
  <T>(text: string, params: unknown[]) =>
    db.unsafe<T[] & postgres.Row[]>(text, params as never[]).then((rows) => [...rows]);

export const transactional = (sql: Sql): Transactional => ({
  transaction: <T>(fn: (query: Query) => Promise<T>) => sql.begin((tx) => fn(queryOf(tx))) as Promise<T>,
});

/** `target`: a postgres.js pool, or any database that runs a transaction (PGlite in the tests). */
export async function applySchema(target: Sql | Transactional): Promise<ApplyResult> {
  const db = typeof target === "function" ? transactional(target) : target;
  const migrations = readMigrations();
  return db.transaction(async (query) => {
    await query(`select pg_advisory_xact_lock(${APPLY_LOCK})`, []);
    const plan = planApply(await readHistory(query), migrations);
    const available = new Set((await query<{ name: string }>(`select name from pg_available_extensions`, [])).map((r) => r.name));
    const warnings: string[] = [];
    const extensions: string[] = [];
    for (const ext of EXTENSIONS) {
      if (!available.has(ext.name)) {
        warnings.push(ext.name === "vector" ? VECTOR_HINT : `the server has no ${ext.name} extension`);
        continue;
      }
      // A role that may not create an extension fails only that statement; an optional one warns.
      await query(`savepoint extension`, []);
      try {
        await query(`create extension if not exists ${ident(ext.name)}`, []);
        await query(`release savepoint extension`, []);
        extensions.push(ext.name);
      } catch (e) {
        await query(`rollback to savepoint extension`, []);
        const advice = `ask the database's owner to run CREATE EXTENSION ${ident(ext.name)}, then rerun \`schema apply\``;
        const reason = scrub((e as Error).message);
        if (ext.required) throw new MigrateError("EXTENSION", `could not create the extension ${ext.name} (${reason}); ${advice}. Nothing was written.`);
        warnings.push(`could not create the extension ${ext.name} (${reason}); ${advice}.`);
      }
    }
    await query(`create schema if not exists ${ident(JOURNAL_SCHEMA)}`, []);
    await query(`create table if not exists ${JOURNAL} (id serial primary key, hash text not null, created_at bigint)`, []);
    const record = (m: { hash: string; folderMillis: number }) => query(`insert into ${JOURNAL} (hash, created_at) values ($1, $2)`, [m.hash, m.folderMillis]);
    for (const m of plan.adopt) await record(m);
    for (const m of plan.run) {
      for (const statement of m.statements) await query(statement, []);
      await record(m);
    }
    // As `prisma migrate deploy` leaves it after 0_init, so that NextCRM continues from there.
    await query(
      `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       select $1::text, $2::text, now(), $3::text, null, null, now(), 1
       where not exists (select 1 from "_prisma_migrations" where migration_name = $3::text)`,
      [randomUUID(), RELEASE_MIGRATION.checksum, RELEASE_MIGRATION.name],
    );
    return { extensions, warnings, ran: plan.run.map((m) => m.tag), adopted: plan.adopt.map((m) => m.tag) };
  });
}
