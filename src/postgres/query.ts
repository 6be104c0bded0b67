// Typed answers to the statements that answer one row (a count, an aggregate, a flag).
import type { Queryable } from "./connect.js";

/** The one row `text` answers; a statement that answers none is a bug here, and says so. */
export async function oneRow<T extends object>(db: Queryable, text: string, params: unknown[] = []): Promise<T> {
  const [row] = await db.unsafe<T[]>(text, params as never[]);
  if (!row) throw new Error(`no row from: ${text.replace(/\s+/g, " ").slice(0, 100)}`);
  return row;
}

/** `select count(*)::int as n ...` and the like: the number in column `n`. */
export const countOf = async (db: Queryable, text: string, params: unknown[] = []): Promise<number> =>
  (await oneRow<{ n: number }>(db, text, params)).n;

/**
 * An array parameter as its literal, for values that need no quoting in one (UUIDs, ObjectId hex,
 * integers, NULL): postgres.js quotes and escapes every element of an array it is given. Cast it
 * in the statement (`$1::uuid[]`).
 */
export const plainArray = (values: readonly (string | number | null)[]): string => `{${values.map((v) => v ?? "NULL").join(",")}}`;
