// Batch rows travel as one JSON text parameter (json_populate_recordset), which keeps a batch of
// any width under PostgreSQL's 65,535-parameter limit. bigint must reach it as an exact number.

const MARK = "\u0000n:";

/**
 * JSON.stringify, but a bigint becomes a bare JSON number with all its digits. The replacer
 * costs a call per key, so values that cannot hold a bigint should pass `maybeBigint` false.
 */
export function toJsonText(value: unknown, maybeBigint = true): string {
  if (!maybeBigint) return JSON.stringify(value);
  const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${MARK}${v}` : v));
  // Strings holding NUL were rejected before this point, so the mark is unambiguous.
  return text.replace(/"\\u0000n:(-?\d+)"/g, "$1");
}
