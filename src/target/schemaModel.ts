// One shape for "a schema": built from the Drizzle tables (expected) or from pg_catalog (live),
// so `schema check`, the migrator's preflight and the validator's layer 4 compare like with like.
import { getTableName, is } from "drizzle-orm";
import { getTableConfig, isPgEnum, PgTable, type PgEnum } from "drizzle-orm/pg-core";
import * as schema from "../schema/index.js";
import type { Sql } from "./connect.js";

export interface IndexShape {
  table: string;
  unique: boolean;
  method: string;
  /** Column names in order; an expression is "(expr)". */
  columns: string[];
  partial: boolean;
}

export interface SchemaShape {
  enums: Map<string, string[]>;
  /** table → column → "type" or "type not null" */
  columns: Map<string, Map<string, string>>;
  primaryKeys: Map<string, string>;
  /** "table(cols) → ref(cols) on delete rule" */
  foreignKeys: Set<string>;
  indexes: Map<string, IndexShape>;
  extensions: Set<string>;
}

const normType = (t: string) => t.replace(/"/g, "").replace(/^public\./, "").replace(/\s+\(/g, "(");

export const schemaTables: PgTable[] = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
const schemaEnums: PgEnum<[string, ...string[]]>[] = Object.values(schema).filter((v) => isPgEnum(v)) as PgEnum<[string, ...string[]]>[];

export function expectedSchema(extensions: readonly string[]): SchemaShape {
  const shape: SchemaShape = {
    enums: new Map(schemaEnums.map((e) => [e.enumName, [...e.enumValues]])),
    columns: new Map(),
    primaryKeys: new Map(),
    foreignKeys: new Set(),
    indexes: new Map(),
    extensions: new Set(extensions),
  };
  for (const table of schemaTables) {
    const cfg = getTableConfig(table);
    const name = cfg.name;
    shape.columns.set(name, new Map(cfg.columns.map((c) => [c.name, normType(c.getSQLType()) + (c.notNull ? " not null" : "")])));
    const pk = cfg.primaryKeys[0]?.columns.map((c) => c.name) ?? cfg.columns.filter((c) => c.primary).map((c) => c.name);
    shape.primaryKeys.set(name, pk.join(","));
    for (const fk of cfg.foreignKeys) {
      const r = fk.reference();
      shape.foreignKeys.add(
        fkKey(name, r.columns.map((c) => c.name), getTableName(r.foreignTable), r.foreignColumns.map((c) => c.name), fk.onDelete ?? "no action"),
      );
    }
    for (const idx of cfg.indexes) {
      const c = idx.config;
      shape.indexes.set(c.name!, {
        table: name,
        unique: c.unique,
        method: c.method ?? "btree",
        columns: c.columns.map((col) => ("name" in col && typeof col.name === "string" ? col.name : "(expr)")),
        partial: !!c.where,
      });
    }
  }
  return shape;
}

const fkKey = (table: string, cols: string[], ref: string, refCols: string[], onDelete: string) =>
  `${table}(${cols.join(",")}) → ${ref}(${refCols.join(",")}) on delete ${onDelete}`;

const DELETE_RULES: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

export async function liveSchema(sql: Sql): Promise<SchemaShape> {
  const [enums, columns, constraints, indexes, extensions] = await Promise.all([
    sql<{ name: string; labels: string[] }[]>`
      select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
      from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
      where n.nspname = 'public' group by t.typname`,
    sql<{ table: string; column: string; type: string; not_null: boolean }[]>`
      select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
    sql<{ type: string; table: string; cols: string[]; ref: string | null; ref_cols: string[] | null; del: string }[]>`
      select con.contype as type, c.relname as table,
        (select array_agg(a.attname::text order by k.ord) from unnest(con.conkey) with ordinality k(num, ord)
           join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num) as cols,
        rc.relname as ref,
        (select array_agg(a.attname::text order by k.ord) from unnest(con.confkey) with ordinality k(num, ord)
           join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num) as ref_cols,
        con.confdeltype as del
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
      left join pg_class rc on rc.oid = con.confrelid
      where n.nspname = 'public' and con.contype in ('p', 'f')`,
    sql<{ name: string; table: string; unique: boolean; method: string; cols: string[]; partial: boolean }[]>`
      select i.relname as name, t.relname as table, x.indisunique as unique, am.amname as method,
        (select array_agg(coalesce(a.attname::text, '(expr)') order by k.ord) from unnest(x.indkey::int2[]) with ordinality k(num, ord)
           left join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.num and k.num > 0) as cols,
        x.indpred is not null as partial
      from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace join pg_am am on am.oid = i.relam
      where n.nspname = 'public' and not x.indisprimary`,
    sql<{ extname: string }[]>`select extname from pg_extension`,
  ]);
  const shape: SchemaShape = {
    enums: new Map(enums.map((e) => [e.name, e.labels])),
    columns: new Map(),
    primaryKeys: new Map(),
    foreignKeys: new Set(),
    indexes: new Map(),
    extensions: new Set(extensions.map((e) => e.extname)),
  };
  for (const c of columns) {
    let cols = shape.columns.get(c.table);
    if (!cols) shape.columns.set(c.table, (cols = new Map()));
    cols.set(c.column, normType(c.type) + (c.not_null ? " not null" : ""));
  }
  for (const con of constraints) {
    if (con.type === "p") shape.primaryKeys.set(con.table, con.cols.join(","));
    else shape.foreignKeys.add(fkKey(con.table, con.cols, con.ref ?? "?", con.ref_cols ?? [], DELETE_RULES[con.del] ?? con.del));
  }
  for (const i of indexes) {
    shape.indexes.set(i.name, { table: i.table, unique: i.unique, method: i.method, columns: i.cols, partial: i.partial });
  }
  return shape;
}

/** Every way `live` differs from `expected`, one readable line each; tables not ours are ignored. */
export function diffSchemas(expected: SchemaShape, live: SchemaShape): string[] {
  const tables = [...expected.columns.keys()];
  if (tables.every((t) => !live.columns.has(t))) {
    return [`schema not applied: none of the ${tables.length} tables exist`];
  }
  const out: string[] = [];
  for (const ext of expected.extensions) if (!live.extensions.has(ext)) out.push(`missing extension ${ext}`);
  for (const [name, values] of expected.enums) {
    const got = live.enums.get(name);
    if (!got) out.push(`missing enum ${name}`);
    else if (got.join(",") !== values.join(",")) out.push(`enum ${name}: expected (${values.join(", ")}), found (${got.join(", ")})`);
  }
  for (const [table, cols] of expected.columns) {
    const got = live.columns.get(table);
    if (!got) {
      out.push(`missing table ${table}`);
      continue;
    }
    for (const [col, type] of cols) {
      const have = got.get(col);
      if (have === undefined) out.push(`missing column ${table}.${col} (${type})`);
      else if (have !== type) out.push(`column ${table}.${col}: expected ${type}, found ${have}`);
    }
    for (const col of got.keys()) if (!cols.has(col)) out.push(`unexpected column ${table}.${col} (${got.get(col)})`);
    const pk = expected.primaryKeys.get(table);
    const livePk = live.primaryKeys.get(table);
    if (pk !== livePk) out.push(`primary key of ${table}: expected (${pk}), found ${livePk ? `(${livePk})` : "none"}`);
  }
  const ours = (key: string) => expected.columns.has(key.slice(0, key.indexOf("(")));
  for (const fk of expected.foreignKeys) if (!live.foreignKeys.has(fk)) out.push(`missing foreign key ${fk}`);
  for (const fk of live.foreignKeys) if (ours(fk) && !expected.foreignKeys.has(fk)) out.push(`unexpected foreign key ${fk}`);
  const show = (i: IndexShape) => `${i.unique ? "unique " : ""}${i.method} on ${i.table}(${i.columns.join(", ")})${i.partial ? " where ..." : ""}`;
  for (const [name, idx] of expected.indexes) {
    const got = live.indexes.get(name);
    if (!got) out.push(`missing index ${name} (${show(idx)})`);
    else if (show(got) !== show(idx)) out.push(`index ${name}: expected ${show(idx)}, found ${show(got)}`);
  }
  for (const [name, idx] of live.indexes) {
    if (expected.columns.has(idx.table) && !expected.indexes.has(name)) out.push(`unexpected index ${name} (${show(idx)})`);
  }
  return out;
}
