// Which state a target database is in, from its two migration histories: Prisma's
// `_prisma_migrations` (NextCRM's own) and drizzle's journal (this tool's). `schema apply` decides
// from it what to run; `schema check` and the migrator refuse a database NextCRM already upgraded.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { MigrateError } from "../errors.js";
import { _prisma_migrations, RELEASE_MIGRATION } from "../schema/prisma.js";
import { ident } from "../schema/sqlText.js";
import type { Query } from "./catalog.js";
import { schemaTables } from "./schemaModel.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** drizzle's journal, where drizzle keeps it (drizzle-kit then sees the same migrations as applied). */
export const JOURNAL_SCHEMA = "drizzle";
export const JOURNAL = `${ident(JOURNAL_SCHEMA)}.${ident("__drizzle_migrations")}`;

export interface Migration {
  tag: string;
  /** sha256 of the file, as drizzle's own migrator records it. */
  hash: string;
  folderMillis: number;
  statements: string[];
}

/**
 * drizzle-kit's migrations in order. The first creates exactly what NextCRM's `0_init` creates (the
 * release schema and `_prisma_migrations`); the later ones add what docs/ARCHITECTURE.md allows.
 */
export function readMigrations(folder = MIGRATIONS_FOLDER): Migration[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, "utf8")) as { entries: { tag: string; when: number }[] };
  return journal.entries.map(({ tag, when }) => {
    const text = readFileSync(`${folder}/${tag}.sql`, "utf8");
    return {
      tag,
      hash: createHash("sha256").update(text).digest("hex"),
      folderMillis: when,
      statements: text.split("--> statement-breakpoint").filter((s) => s.trim()),
    };
  });
}

export interface PrismaRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

export interface History {
  /** The rows of `public._prisma_migrations`, or null when there is no such table. */
  prisma: PrismaRow[] | null;
  /** The hashes drizzle's journal lists, or null when there is no journal. */
  applied: string[] | null;
  /** NextCRM's tables that `public` already holds. */
  releaseTables: string[];
}

const releaseTableNames = schemaTables
  .filter((t) => getTableConfig(t).schema === undefined && t !== _prisma_migrations)
  .map((t) => getTableName(t));

export async function readHistory(query: Query): Promise<History> {
  const [found] = await query<{ prisma: boolean; journal: boolean }>(
    `select to_regclass('public._prisma_migrations') is not null as prisma, to_regclass($1::text) is not null as journal`,
    [JOURNAL],
  );
  const { prisma, journal } = found!;
  const rows = prisma
    ? await query<PrismaRow>(
        `select migration_name, checksum, finished_at::text, rolled_back_at::text from public."_prisma_migrations" order by started_at, migration_name`,
        [],
      )
    : null;
  const applied = journal
    ? (await query<{ hash: string }>(`select hash from ${JOURNAL} order by created_at`, [])).map((r) => r.hash)
    : null;
  const tables = await query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname = any($1::text[]) order by 1`,
    [releaseTableNames],
  );
  return { prisma: rows, applied, releaseTables: tables.map((t) => t.name) };
}

/** NextCRM migrations past `0_init` that the database lists: then NextCRM upgraded it already. */
export const laterMigrations = (h: History) => (h.prisma ?? []).map((r) => r.migration_name).filter((n) => n !== RELEASE_MIGRATION.name);

export function upgradedError(later: string[]): MigrateError {
  const shown = later.slice(0, 3).join(", ") + (later.length > 3 ? `, ... (${later.length} in all)` : "");
  return new MigrateError(
    "NEXTCRM_UPGRADED",
    `NextCRM has already upgraded this PostgreSQL database past ${RELEASE_MIGRATION.name} (its _prisma_migrations lists ${shown}); nothing was written. Migrate into a fresh database, then start NextCRM on it and let its \`prisma migrate deploy\` upgrade it.`,
  );
}

export interface ApplyPlan {
  /** Migrations to run, in order. */
  run: Migration[];
  /** Migrations to record as applied without running: NextCRM's own `0_init` already made them. */
  adopt: Migration[];
}

/** The row `prisma migrate deploy` writes once NextCRM's own 0_init has run to its end. */
export const isReleaseRow = (r: PrismaRow) =>
  r.migration_name === RELEASE_MIGRATION.name && r.checksum === RELEASE_MIGRATION.checksum && !!r.finished_at && !r.rolled_back_at;

/** What `schema apply` does to a database in this state; refuses any state it cannot build on. */
export function planApply(h: History, migrations: Migration[]): ApplyPlan {
  const later = laterMigrations(h);
  if (later.length) throw upgradedError(later);
  const release = h.prisma?.find((r) => r.migration_name === RELEASE_MIGRATION.name);
  if (release && !isReleaseRow(release)) {
    throw new MigrateError(
      "FOREIGN_SCHEMA",
      `this PostgreSQL database lists a ${RELEASE_MIGRATION.name} that is not NextCRM's release (${release.checksum !== RELEASE_MIGRATION.checksum ? "another checksum" : "not finished"}); nothing was written. Migrate into a fresh database.`,
    );
  }
  const ours = new Set(migrations.map((m) => m.hash));
  if (h.applied?.some((hash) => !ours.has(hash))) {
    throw new MigrateError(
      "FOREIGN_SCHEMA",
      "this PostgreSQL database holds the schema of an earlier nextcrm-migrate, which is not NextCRM's release schema; nothing was written. Migrate into a fresh database (create a new one, or drop and recreate this one).",
    );
  }
  if (h.applied?.length) return { run: migrations.filter((m) => !h.applied!.includes(m.hash)), adopt: [] };
  if (release) {
    const missing = releaseTableNames.filter((t) => !h.releaseTables.includes(t));
    if (missing.length) {
      throw new MigrateError(
        "FOREIGN_SCHEMA",
        `this PostgreSQL database lists NextCRM's ${RELEASE_MIGRATION.name} but lacks ${missing.length} of its tables (${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""}); nothing was written. Migrate into a fresh database.`,
      );
    }
    return { run: migrations.slice(1), adopt: migrations.slice(0, 1) };
  }
  if (h.prisma || h.releaseTables.length) {
    const shown = h.releaseTables.slice(0, 3).join(", ");
    throw new MigrateError(
      "FOREIGN_SCHEMA",
      `this PostgreSQL database already holds ${h.releaseTables.length ? `${h.releaseTables.length} of NextCRM's tables (${shown}${h.releaseTables.length > 3 ? ", ..." : ""})` : "an empty _prisma_migrations"} without NextCRM's ${RELEASE_MIGRATION.name} in its history, so neither NextCRM's migrations nor this tool made it; nothing was written. Migrate into a fresh database.`,
    );
  }
  return { run: migrations, adopt: [] };
}
