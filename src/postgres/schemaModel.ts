// The schema Drizzle defines, rendered in the catalog's own form (src/postgres/catalog.ts), and the
// comparison of the two that `schema check`, the migrator's preflight and the validator's layer 4
// share. Definitions are compared as PostgreSQL means them, not as it spells them (see canonical).
import { getTableName, is, SQL } from "drizzle-orm";
import { getTableConfig, isPgEnum, PgTable, type PgColumn, type PgEnum } from "drizzle-orm/pg-core";
import * as schema from "../schema/index.js";
import { ident, literal, printed, sqlText } from "../schema/sqlText.js";
import type { Catalog, CatalogColumn, CatalogTable } from "./catalog.js";

/** Every table the schema defines, NextCRM's in `public` and the tool's own in `nextcrm_migrate`. */
export const schemaTables: PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const schemaEnums = Object.values(schema).filter((v) => isPgEnum(v)) as PgEnum<[string, ...string[]]>[];

/** The schemas the tables live in, `public` first. */
export const SCHEMAS = ["public", "nextcrm_migrate"] as const;
export type SchemaName = (typeof SCHEMAS)[number];

/** A table's schema and name as a user reads and pastes it: `nextcrm_migrate.unmapped`, `"Users"`. */
export function printedName(table: PgTable): string {
  const s = getTableConfig(table).schema;
  return s ? `${printed(s)}.${printed(getTableName(table))}` : printed(getTableName(table));
}

/** A table's schema and name as SQL: `"nextcrm_migrate"."unmapped"`, `"Users"`. */
export function qualifiedName(table: PgTable): string {
  const s = getTableConfig(table).schema;
  return s ? `${ident(s)}.${ident(getTableName(table))}` : ident(getTableName(table));
}

/** The tool's table of what no column holds. */
export const UNMAPPED = qualifiedName(schema.unmapped);

/** The tool's copy of what NextCRM's upgrade drops (src/nextcrm/keep.ts). */
export const UPGRADE_KEPT = qualifiedName(schema.upgrade_kept);

/** `format_type` of a Drizzle column. */
function formatType(column: PgColumn): string {
  if (column.columnType === "PgEnumColumn") return printed((column as PgColumn & { enum: PgEnum<[string]> }).enum.enumName);
  return column
    .getSQLType()
    .replace(/\s+\(/g, "(")
    .replace(/^timestamp(\(\d+\))?$/, "timestamp$1 without time zone")
    .replace(/^varchar\(/, "character varying(");
}

function defaultText(column: PgColumn): string | null {
  if (!column.hasDefault || column.default === undefined) return null;
  return is(column.default, SQL) ? sqlText(column.default) : literal(column.default);
}

const ACTIONS = (a: string | undefined) => (a && a !== "no action" ? a.toUpperCase() : undefined);

/**
 * A table in the catalog's form. Storage is not part of it: the working tables' UNLOGGED and
 * autovacuum setting (src/postgres/workingTables.ts) change no row and no answer, so `schema check`
 * does not compare them.
 */
export function renderTable(table: PgTable): CatalogTable {
  const cfg = getTableConfig(table);
  const self = `${cfg.schema ?? "public"}.${printed(cfg.name)}`;
  const columns: CatalogColumn[] = cfg.columns.map((c) => ({
    name: c.name,
    type: formatType(c),
    default: defaultText(c),
    notNull: c.notNull,
  }));
  const constraints: Record<string, string> = {};
  const indexes: Record<string, string> = {};
  const inline = cfg.columns.filter((c) => c.primary).map((c) => c.name);
  const pk = cfg.primaryKeys[0];
  const pkColumns = pk ? pk.columns.map((c) => c.name) : inline;
  if (pkColumns.length) {
    const name = pk?.name ?? `${cfg.name}_pkey`;
    constraints[name] = `PRIMARY KEY (${pkColumns.map(printed).join(", ")})`;
    indexes[name] = `CREATE UNIQUE INDEX ${printed(name)} ON ${self} USING btree (${pkColumns.map(printed).join(", ")})`;
  }
  for (const fk of cfg.foreignKeys) {
    const r = fk.reference();
    const actions = [
      ACTIONS(fk.onUpdate) && `ON UPDATE ${ACTIONS(fk.onUpdate)}`,
      ACTIONS(fk.onDelete) && `ON DELETE ${ACTIONS(fk.onDelete)}`,
    ].filter(Boolean);
    constraints[fk.getName()] =
      `FOREIGN KEY (${r.columns.map((c) => printed(c.name)).join(", ")}) REFERENCES ${printed(getTableName(r.foreignTable))}(${r.foreignColumns.map((c) => printed(c.name)).join(", ")})` +
      actions.map((a) => ` ${a}`).join("");
  }
  for (const { config: c } of cfg.indexes) {
    const on = c.columns.map((col) => (is(col, SQL) ? sqlText(col) : printed((col as PgColumn).name))).join(", ");
    indexes[c.name!] =
      `CREATE ${c.unique ? "UNIQUE " : ""}INDEX ${printed(c.name!)} ON ${self} USING ${c.method ?? "btree"} (${on})${c.where ? ` WHERE (${sqlText(c.where)})` : ""}`;
  }
  return { columns, constraints, indexes };
}

/** What `schema apply` creates, per schema, in the catalog's form. */
export function expectedCatalogs(extensions: readonly string[]): Record<SchemaName, Catalog> {
  const out = Object.fromEntries(SCHEMAS.map((s) => [s, { tables: {}, enums: {}, extensions: [] } as Catalog])) as Record<
    SchemaName,
    Catalog
  >;
  for (const table of schemaTables) {
    const cfg = getTableConfig(table);
    out[(cfg.schema ?? "public") as SchemaName].tables[cfg.name] = renderTable(table);
  }
  for (const e of schemaEnums) out.public.enums[e.enumName] = [...e.enumValues];
  out.public.extensions = [...extensions];
  return out;
}

/**
 * A definition as PostgreSQL means it: without quotes, casts it adds (`''::text`,
 * `'english'::regconfig`), the parentheses it adds around expressions, or the `public.` prefix.
 */
export function canonical(definition: string | null): string {
  if (definition === null) return "";
  return definition
    .replace(/"/g, "")
    .replace(/::[A-Za-z_][\w$]*(\[\])?/g, "")
    .replace(/[()]/g, " ")
    .replace(/\bpublic\./g, "")
    .replace(/\s+/g, " ")
    .replace(/ ,/g, ",")
    .trim();
}

const columnText = (c: CatalogColumn) => `${c.type}${c.notNull ? " not null" : ""}${c.default !== null ? ` default ${c.default}` : ""}`;

/**
 * Every way `live` differs from `expected`, one line each. Tables `expected` does not name are not
 * differences (the caller decides what to say of them).
 */
export function diffCatalog(expected: Catalog, live: Catalog, schemaName: string): string[] {
  const out: string[] = [];
  const label = (t: string) => (schemaName === "public" ? t : `${schemaName}.${t}`);
  for (const ext of expected.extensions) if (!live.extensions.includes(ext)) out.push(`missing extension ${ext}`);
  for (const [name, labels] of Object.entries(expected.enums)) {
    const got = live.enums[name];
    if (!got) out.push(`missing enum ${name} (${labels.join(", ")})`);
    else if (got.join(",") !== labels.join(",")) out.push(`enum ${name}: expected (${labels.join(", ")}), found (${got.join(", ")})`);
  }
  for (const [table, want] of Object.entries(expected.tables)) {
    const have = live.tables[table];
    if (!have) {
      out.push(`missing table ${label(table)}`);
      continue;
    }
    for (const c of want.columns) {
      const h = have.columns.find((x) => x.name === c.name);
      if (!h) out.push(`missing column ${label(table)}.${c.name} (${columnText(c)})`);
      else if (canonical(h.type) !== canonical(c.type) || h.notNull !== c.notNull || canonical(h.default) !== canonical(c.default)) {
        out.push(`column ${label(table)}.${c.name}: expected ${columnText(c)}, found ${columnText(h)}`);
      }
    }
    for (const h of have.columns)
      if (!want.columns.some((c) => c.name === h.name)) out.push(`unexpected column ${label(table)}.${h.name} (${columnText(h)})`);
    for (const kind of ["constraints", "indexes"] as const) {
      const noun = kind === "constraints" ? "constraint" : "index";
      for (const [name, def] of Object.entries(want[kind])) {
        const h = have[kind][name];
        if (h === undefined) {
          const twin = Object.entries(have[kind]).find(
            ([n, d]) => !(n in want[kind]) && canonical(d).replace(` ${n} `, " ") === canonical(def).replace(` ${name} `, " "),
          );
          out.push(`missing ${noun} ${name}: ${def}${twin ? ` (the same definition exists as ${twin[0]})` : ""}`);
        } else if (canonical(h) !== canonical(def)) out.push(`${noun} ${name}: expected ${def}, found ${h}`);
      }
      for (const [name, def] of Object.entries(have[kind])) if (!(name in want[kind])) out.push(`unexpected ${noun} ${name}: ${def}`);
    }
  }
  return out;
}
