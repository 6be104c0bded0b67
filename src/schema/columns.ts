// Column and constraint builders shared by every table: they encode the release schema's naming
// and type rules once (docs/ARCHITECTURE.md, "The target schema").
import { getTableName, sql, type SQL } from "drizzle-orm";
import { foreignKey, index, integer, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/** `_id` becomes `id uuid primary key`, without a default: every id is the UUID of an `_id`. */
export const id = () => uuid("id").primaryKey();

/**
 * DateTime as Prisma maps it: `timestamp(3)` without time zone, holding UTC. BSON Dates are
 * milliseconds, so nothing is lost.
 */
export const ts = (name: string) => timestamp(name, { precision: 3, mode: "date" });

/** Prisma's `@default(now())`, spelled as Prisma's migration spells it. */
export const CURRENT_TIMESTAMP: SQL = sql`CURRENT_TIMESTAMP`;

/** mongoose's version key; where the release requires it, a document without one gets 0 (a repair). */
export const VERSION_KEY = "__v";
export const version = () => integer(VERSION_KEY).notNull();

type OnDelete = "set null" | "restrict" | "cascade";

/** A relation as Prisma creates it: `<Table>_<column>_fkey`, ON UPDATE CASCADE. */
export const fk = (column: AnyPgColumn, target: AnyPgColumn, onDelete: OnDelete) =>
  foreignKey({ name: `${getTableName(column.table)}_${column.name}_fkey`, columns: [column], foreignColumns: [target] })
    .onUpdate("cascade")
    .onDelete(onDelete);

/** An `@@index` as Prisma names it: `<Table>_<column>[_<column>...]_idx`. */
export const idx = (first: AnyPgColumn, ...rest: AnyPgColumn[]) =>
  index(`${getTableName(first.table)}_${[first, ...rest].map((c) => c.name).join("_")}_idx`).on(first, ...rest);

/** An `@unique` as Prisma names it: `<Table>_<column>_key`. */
export const unique = (column: AnyPgColumn) => uniqueIndex(`${getTableName(column.table)}_${column.name}_key`).on(column);

/** `to_tsvector('english', coalesce(a,'') || ' ' || coalesce(b,''))` for the spec's full-text indexes. */
export const fullText = (...cols: AnyPgColumn[]) =>
  sql`to_tsvector('english', ${sql.join(
    cols.map((c) => sql`COALESCE(${c}, '')`),
    sql` || ' ' || `,
  )})`;
