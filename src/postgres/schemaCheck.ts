// `schema check`: the live target against the schema Drizzle defines, and its migration history.
import { RELEASE_MIGRATION } from "../schema/prisma.js";
import { readCatalog } from "./catalog.js";
import type { Sql } from "./connect.js";
import { isReleaseRow, laterMigrations, readHistory } from "./history.js";
import { ident } from "../schema/sqlText.js";
import { EXTENSIONS, queryOf, type WantedExtension } from "./schemaApply.js";
import { diffCatalog, expectedCatalogs, SCHEMAS } from "./schemaModel.js";
import { getTableConfig } from "drizzle-orm/pg-core";
import { WORKING_TABLES } from "./workingTables.js";

export interface CheckResult {
  differences: string[];
  /** Things that are not differences but a user should know (an extension the server lacks). */
  warnings: string[];
  /**
   * `missing`: none of NextCRM's tables exist; `upgraded`: NextCRM's migrations past 0_init ran
   * (the names are in `later`); `release`: NextCRM's own 0_init made it and `schema apply` has not
   * run; `present` otherwise.
   */
  state: "missing" | "upgraded" | "release" | "present";
  later: string[];
}

export interface CheckOptions {
  /** The extensions `schema apply` creates (EXTENSIONS); tests name others. */
  extensions?: readonly WantedExtension[];
  /**
   * Leave out the tool's working tables (src/postgres/workingTables.ts): for the migrator's
   * preflight, as a run recreates one that is missing or of another shape itself.
   */
  skipWorkingTables?: boolean;
}

export async function checkSchema(
  sql: Sql,
  { extensions = EXTENSIONS, skipWorkingTables = false }: CheckOptions = {},
): Promise<CheckResult> {
  const query = queryOf(sql);
  const available = new Set((await query<{ name: string }>(`select name from pg_available_extensions`, [])).map((r) => r.name));
  const installed = new Set((await query<{ extname: string }>(`select extname from pg_extension`, [])).map((r) => r.extname));
  const warnings: string[] = [];
  // An optional extension `schema apply` could not create (the server lacks it, or the role may
  // not create it) is what it warned about, not a difference: migrate and validate go on without it.
  const wanted = extensions
    .filter((e) => {
      if (e.required || installed.has(e.name)) return true;
      warnings.push(
        available.has(e.name)
          ? `extension ${e.name} is not created in this database (not counted as a difference); ask the database's owner or administrator to run CREATE EXTENSION ${ident(e.name)} in it`
          : `extension ${e.name} is not available on this server (not counted as a difference)`,
      );
      return false;
    })
    .map((e) => e.name);
  const history = await readHistory(query);
  const later = laterMigrations(history);
  if (!history.releaseTables.length && !history.prisma) {
    return { differences: ["schema not applied: none of NextCRM's tables exist"], warnings, state: "missing", later };
  }
  const expected = expectedCatalogs(wanted);
  if (skipWorkingTables) for (const { table } of WORKING_TABLES) delete expected.nextcrm_migrate.tables[getTableConfig(table).name];
  const differences: string[] = [];
  const live = { public: await readCatalog(query, "public"), nextcrm_migrate: await readCatalog(query, "nextcrm_migrate") };
  for (const schema of SCHEMAS) differences.push(...diffCatalog(expected[schema], live[schema], schema));
  for (const t of Object.keys(live.public.tables))
    if (!(t in expected.public.tables)) warnings.push(`public holds a table that is not NextCRM's: ${t}`);
  const release = history.prisma?.find((r) => r.migration_name === RELEASE_MIGRATION.name);
  if (history.prisma && !release)
    differences.push(
      `_prisma_migrations has no ${RELEASE_MIGRATION.name} row: NextCRM's \`prisma migrate deploy\` would not continue from it`,
    );
  if (release && release.checksum !== RELEASE_MIGRATION.checksum)
    differences.push(
      `_prisma_migrations: ${RELEASE_MIGRATION.name} has checksum ${release.checksum}, NextCRM's is ${RELEASE_MIGRATION.checksum}`,
    );
  if (release && (!release.finished_at || release.rolled_back_at))
    differences.push(`_prisma_migrations: ${RELEASE_MIGRATION.name} is not finished`);
  if (later.length) differences.push(`_prisma_migrations lists NextCRM migrations past ${RELEASE_MIGRATION.name}: ${later.join(", ")}`);
  const state = later.length ? "upgraded" : release && isReleaseRow(release) && !history.applied?.length ? "release" : "present";
  return { differences, warnings, state, later };
}
