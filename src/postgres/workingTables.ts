// The tool's working tables (row_hash, junction_stage, junction_synced): declared in Drizzle
// (src/schema/unmapped.ts), created by `schema apply`, and what they hold is rebuilt by the next
// run. So a run recreates one that is missing or of another shape (an earlier version of the tool,
// a table dropped by hand), from the same declaration, with the storage drizzle/0005_working_storage.sql
// gives it, which Drizzle cannot declare.
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { junction_stage, junction_synced, row_hash } from "../schema/unmapped.js";
import { ident } from "../schema/sqlText.js";
import { readCatalog, type Query } from "./catalog.js";
import { diffCatalog, qualifiedName, renderTable } from "./schemaModel.js";

/** Each working table, with its storage parameters beside UNLOGGED. */
export const WORKING_TABLES: readonly { table: PgTable; options: string[] }[] = [
  { table: row_hash, options: [] },
  // The run vacuums the stage after deleting from it (see vacuumStage in src/postgres/stage.ts).
  { table: junction_stage, options: ["autovacuum_enabled=false"] },
  { table: junction_synced, options: [] },
];

/** The table's CREATE statement, from its Drizzle declaration: what drizzle/0004 and 0005 make of it. */
function createStatement(table: PgTable, options: readonly string[]): string {
  const cfg = getTableConfig(table);
  const columns = cfg.columns.map((c) => `${ident(c.name)} ${c.getSQLType()}${c.notNull ? " not null" : ""}`);
  const keys = cfg.primaryKeys.map(
    (k) => `constraint ${ident(k.getName())} primary key (${k.columns.map((c) => ident(c.name)).join(", ")})`,
  );
  const storage = options.length ? ` with (${options.join(", ")})` : "";
  return `create unlogged table ${qualifiedName(table)} (${[...columns, ...keys].join(", ")})${storage}`;
}

/**
 * Creates each working table that is missing, and drops and creates again each one whose columns
 * or keys are not the declared ones. Indexes are left out of the comparison: one added by hand
 * changes no row the run reads or writes, and must not cost the run what the table holds. Resolves to the names of those it (re)created: such a
 * table starts empty. Call inside a transaction (under the run's lock, or `schema apply`'s).
 */
export async function ensureWorkingTables(query: Query): Promise<Set<string>> {
  const schema = getTableConfig(row_hash).schema!;
  // Only when missing: PostgreSQL asks for CREATE on the database even when the schema exists.
  const [found] = await query<{ n: number }>(`select count(*)::int as n from pg_namespace where nspname = $1`, [schema]);
  if (!found?.n) await query(`create schema ${ident(schema)}`, []);
  const live = await readCatalog(query, schema);
  const made = new Set<string>();
  for (const { table, options } of WORKING_TABLES) {
    const name = getTableConfig(table).name;
    const want = { ...renderTable(table), indexes: {} };
    const have = live.tables[name];
    const differs =
      !have ||
      diffCatalog(
        { tables: { [name]: want }, enums: {}, extensions: [] },
        { tables: { [name]: { ...have, indexes: {} } }, enums: {}, extensions: [] },
        schema,
      ).length;
    if (!differs) continue;
    if (have) await query(`drop table ${qualifiedName(table)}`, []);
    await query(createStatement(table, options), []);
    made.add(name);
  }
  return made;
}
