// PostgreSQL COPY's text format (docs/ARCHITECTURE.md, "Writing a batch"): the rows of a batch
// that can only be new, and the junction stage's rows, go in as COPY, which PostgreSQL parses
// for a fraction of what json_populate_recordset costs. The values are the batch JSON's own
// (src/transform/convert.ts): strings, whole numbers, booleans, arrays of strings, JSON for jsonb.
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Queryable } from "./connect.js";
import { ident } from "../schema/sqlText.js";

/** A value COPY's text cannot carry as the JSON path would; the batch takes that path instead. */
export class NotCopyable extends Error {
  override name = "NotCopyable";
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Backslash, tab, newline and carriage return escaped as COPY's text format wants them. */
export const escapeCopy = (s: string): string => (SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPES[c]!) : s);

const QUOTE_OR_BACKSLASH = /["\\]/g;

// ES2024's String.prototype.isWellFormed, in Node since 20; TypeScript's lib here is older.
const wellFormed = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A text (not JSON) value. A lone surrogate would become U+FFFD in UTF-8, where JSON rejects it. */
function text(s: string): string {
  if (!wellFormed(s)) throw new NotCopyable("a string holds a lone UTF-16 surrogate");
  return escapeCopy(s);
}

/** `{"a","b"}`: every element quoted, so "NULL" and "" stay strings. */
function arrayLiteral(items: readonly unknown[]): string {
  let out = "{";
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (i) out += ",";
    out += x === null || x === undefined ? "NULL" : `"${String(x).replace(QUOTE_OR_BACKSLASH, "\\$&")}"`;
  }
  return text(out + "}");
}

/** One field of a row in a column of this SQL type; `\N` is NULL. */
export function copyField(value: unknown, sqlType: string): string {
  if (value === null || value === undefined) return "\\N";
  if (sqlType === "jsonb" || sqlType === "json") return escapeCopy(JSON.stringify(value));
  if (Array.isArray(value)) return arrayLiteral(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "string") return text(value);
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  throw new NotCopyable(`no COPY text for a ${typeof value} in a ${sqlType} column`);
}

export interface CopyColumn {
  name: string;
  type: string;
}

/** The rows as COPY text, one line each, the columns in this order. */
export function copyRows(columns: readonly CopyColumn[], rows: readonly Record<string, unknown>[]): string {
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      out += (i ? "\t" : "") + copyField(row[c.name], c.type);
    }
    out += "\n";
  }
  return out;
}

/**
 * `copy <table> (<columns>) from stdin` with this text, inside `tx`. Nothing else may be sent on
 * the connection until it settles: the server reads the messages between as COPY data.
 */
export async function copyInto(tx: Queryable, table: string, columns: readonly CopyColumn[], body: string): Promise<void> {
  const stream = (await tx.unsafe(`copy ${table} (${columns.map((c) => ident(c.name)).join(", ")}) from stdin`).writable()) as Writable;
  stream.end(body);
  await finished(stream);
}
