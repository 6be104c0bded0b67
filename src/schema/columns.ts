// Column builders shared by every table: they encode DESIGN section 2's type rules once.
import { sql } from "drizzle-orm";
import { bigint, integer, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/** `_id` becomes `id uuid primary key`; the app may insert rows of its own later, hence the default. */
export const id = () => uuid("id").primaryKey().defaultRandom();

/** DateTime keeps milliseconds exactly (BSON Dates are millisecond precision). */
export const ts = (name: string) => timestamp(name, { precision: 3, withTimezone: true, mode: "date" });

/** Money and sizes: BSON may hold Int64 values beyond int4. */
export const big = (name: string) => bigint(name, { mode: "bigint" });

/**
 * mongoose's version key: missing on some documents and sometimes a double, so it is
 * nullable everywhere; a missing `__v` stays missing instead of failing its document.
 */
export const version = () => integer("__v");

/** An ObjectId field with a relation: optional → SET NULL, required → RESTRICT (DESIGN 2). */
export const ref = (name: string, target: () => AnyPgColumn, required = false) =>
  required
    ? uuid(name).notNull().references(target, { onDelete: "restrict" })
    : uuid(name).references(target, { onDelete: "set null" });

/** `to_tsvector('english', coalesce(a,'') || ' ' || coalesce(b,''))` for the spec's full-text indexes. */
export const fullText = (...cols: AnyPgColumn[]) =>
  sql`to_tsvector('english', ${sql.join(
    cols.map((c) => sql`COALESCE(${c}, '')`),
    sql` || ' ' || `,
  )})`;
