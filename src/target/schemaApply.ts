// `schema apply`: extensions, then drizzle-kit's generated SQL, under an advisory lock.
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
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

export async function applySchema(sql: Sql): Promise<ApplyResult> {
  // A reserved connection holds the session lock while the migrator works on the pool.
  const conn = await sql.reserve();
  try {
    await conn`select pg_advisory_lock(${APPLY_LOCK})`;
    const available = new Set(
      (await conn<{ name: string }[]>`select name from pg_available_extensions`).map((r) => r.name),
    );
    const warnings: string[] = [];
    const extensions: string[] = [];
    for (const ext of EXTENSIONS) {
      if (!available.has(ext.name)) {
        warnings.push(ext.name === "vector" ? VECTOR_HINT : `the server has no ${ext.name} extension`);
        continue;
      }
      await conn.unsafe(`create extension if not exists "${ext.name}"`);
      extensions.push(ext.name);
    }
    // The migrator keeps its journal in drizzle.__drizzle_migrations, so a second run is a no-op.
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });
    return { extensions, warnings };
  } finally {
    await conn`select pg_advisory_unlock(${APPLY_LOCK})`.catch(() => {});
    conn.release();
  }
}
