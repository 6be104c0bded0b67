// What a PostgreSQL schema holds, read back from pg_catalog in the form NextCRM's release facts
// use: per table its columns (format_type, default, not null), constraints and indexes by name with
// the server's own definitions; the enums; the extensions. `schema check` and the tests compare it.

/** One column as pg_catalog describes it. */
export interface CatalogColumn {
  name: string;
  /** `format_type`, e.g. `timestamp(3) without time zone`, `"taskStatus"`, `text[]`. */
  type: string;
  /** `pg_get_expr` of the default, or null. */
  default: string | null;
  notNull: boolean;
}

export interface CatalogTable {
  columns: CatalogColumn[];
  /** Index name → `pg_get_indexdef`. */
  indexes: Record<string, string>;
  /** Constraint name → `pg_get_constraintdef`. */
  constraints: Record<string, string>;
}

export interface Catalog {
  tables: Record<string, CatalogTable>;
  enums: Record<string, string[]>;
  extensions: string[];
}

/** The one thing the catalog reader needs: PostgreSQL's answer to a query (postgres.js or PGlite). */
export type Query = <T>(text: string, params: unknown[]) => Promise<T[]>;

export async function readCatalog(query: Query, schema = "public"): Promise<Catalog> {
  const columns = await query<CatalogColumn & { table: string }>(
    `select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
       pg_get_expr(d.adbin, d.adrelid) as "default", a.attnotnull as "notNull"
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
     where n.nspname = $1 and c.relkind in ('r', 'p')
     order by c.relname, a.attnum`,
    [schema],
  );
  const constraints = await query<{ table: string; name: string; def: string }>(
    `select c.relname as "table", k.conname as name, pg_get_constraintdef(k.oid) as def
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 order by 1, 2`,
    [schema],
  );
  const indexes = await query<{ table: string; name: string; def: string }>(
    `select t.relname as "table", i.relname as name, pg_get_indexdef(i.oid) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
     join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = $1 order by 1, 2`,
    [schema],
  );
  const enums = await query<{ name: string; labels: string[] }>(
    `select t.typname as name, array_agg(e.enumlabel::text order by e.enumsortorder) as labels
     from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = $1 group by t.typname order by 1`,
    [schema],
  );
  const extensions = await query<{ extname: string }>(`select extname from pg_extension order by 1`, []);
  const catalog: Catalog = { tables: {}, enums: {}, extensions: extensions.map((e) => e.extname) };
  const table = (name: string) => (catalog.tables[name] ??= { columns: [], indexes: {}, constraints: {} });
  for (const { table: t, ...c } of columns) table(t).columns.push(c);
  for (const k of constraints) table(k.table).constraints[k.name] = k.def;
  for (const i of indexes) table(i.table).indexes[i.name] = i.def;
  for (const e of enums) catalog.enums[e.name] = e.labels;
  return catalog;
}
