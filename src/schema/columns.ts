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

/**
 * Characters of each column a full-text index covers: `left(COALESCE(col, ''), 16384)`. A tsvector
 * is refused above 1 MB (PostgreSQL's MAXSTRPOS, 1,048,575 bytes of lexemes and positions), which
 * an unbounded text reaches (a pasted thread of 2 MB). Bounded: each character is in at most two
 * tokens (a compound word, URL or host and one of its parts), each token's lexeme is at most 4
 * bytes a character, and each token adds at most 5 bytes besides (alignment, position count, one
 * position), so a text of C characters makes at most 18·C bytes; the widest index has three
 * columns, 3·16,384 + 2 characters, at most 884,772 bytes. (Measured worst case, a run of distinct
 * 4-byte ideographs in hyphenated pairs: 7.5 bytes a character.)
 */
export const FULL_TEXT_PREFIX = 16_384;

/**
 * The spec's full-text index expression over the first FULL_TEXT_PREFIX characters of each column:
 * `to_tsvector('english', left(COALESCE(a, ''), 16384) || ' ' || left(COALESCE(b, ''), 16384))`.
 * A query uses the index only when it repeats this expression exactly (README, "What this tool adds").
 */
export const fullText = (...cols: AnyPgColumn[]) =>
  sql`to_tsvector('english', ${sql.join(
    cols.map((c) => sql`left(COALESCE(${c}, ''), ${sql.raw(String(FULL_TEXT_PREFIX))})`),
    sql` || ' ' || `,
  )})`;

/**
 * Characters of each contact note the notes index holds. A GIN entry is refused above 2,712 bytes
 * (after compression, which a random text escapes), so a GIN over the text[] itself refuses a
 * single long note; 512 characters are at most 2,048 bytes, 2,060 with the entry's headers.
 */
export const NOTE_PREFIX = 512;

/**
 * `nextcrm_migrate.note_prefixes(text[])`: the first NOTE_PREFIX characters of every element (a
 * NULL element stays NULL, a NULL array gives an empty one). IMMUTABLE, as an index expression
 * must be: `left` and `unnest` are, and PostgreSQL has no built-in that maps an array's elements
 * (array_to_string and the text[] to text cast are STABLE). drizzle-kit does not generate
 * functions: drizzle/0003_bounded_indexes.sql creates it by hand, with 512 written in (another
 * NOTE_PREFIX needs a new migration). It lives beside the tool's tables, so that `public` holds
 * NextCRM's objects only.
 */
export const NOTE_PREFIXES_FUNCTION = "nextcrm_migrate.note_prefixes";

/** The notes index's expression: `nextcrm_migrate.note_prefixes(notes)`. */
export const notePrefixes = (col: AnyPgColumn) => sql`${sql.raw(NOTE_PREFIXES_FUNCTION)}(${col})`;
