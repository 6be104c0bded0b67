// `schema apply`: extensions, then drizzle-kit's generated SQL, under an advisory lock.
import { fileURLToPath } from "node:url";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Sql } from "./connect.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

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
}

/**
 * Runs drizzle-kit's migrations the way drizzle's migrator does (same journal table, so
 * drizzle-kit sees them as applied), but in one transaction that also holds the lock and
 * creates the extensions: a pool of one connection is enough, and a failure leaves nothing.
 */
export async function applySchema(sql: Sql): Promise<ApplyResult> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${APPLY_LOCK})`;
    const available = new Set((await tx<{ name: string }[]>`select name from pg_available_extensions`).map((r) => r.name));
    const warnings: string[] = [];
    const extensions: string[] = [];
    for (const ext of EXTENSIONS) {
      if (!available.has(ext.name)) {
        warnings.push(ext.name === "vector" ? VECTOR_HINT : `the server has no ${ext.name} extension`);
        continue;
      }
      await tx.unsafe(`create extension if not exists "${ext.name}"`);
      extensions.push(ext.name);
    }
    await tx`create schema if not exists drizzle`;
    await tx`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
    const [last] = await tx<{ created_at: string }[]>`select created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1`;
    for (const m of readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })) {
      if (last && Number(last.created_at) >= m.folderMillis) continue;
      for (const statement of m.sql) if (statement.trim()) await tx.unsafe(statement);
      await tx`insert into drizzle.__drizzle_migrations (hash, created_at) values (${m.hash}, ${m.folderMillis})`;
    }
    return { extensions, warnings };
  })) as ApplyResult;
}
