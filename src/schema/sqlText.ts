// Drizzle's SQL objects back to text, as PostgreSQL prints identifiers: for the expected schema
// (src/postgres/schemaModel.ts) and for reading column defaults as repairs (src/map/declare.ts).
import { Column, is, Param, SQL, StringChunk } from "drizzle-orm";

/** An identifier in SQL the tool sends: always quoted, so that any name is safe. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

const BARE = /^[a-z_][a-z0-9_]*$/;
/** The keywords among our column names that PostgreSQL quotes when it prints them (quote_ident). */
const KEYWORDS = new Set(["user", "order", "position", "default", "table", "primary"]);

/**
 * An identifier as PostgreSQL prints it in a definition: bare unless it needs quotes. For showing
 * expected definitions only; comparisons ignore quotes (src/postgres/schemaModel.ts, canonical).
 */
export const printed = (name: string) => (BARE.test(name) && !KEYWORDS.has(name) ? name : ident(name));

/** A JavaScript value as an SQL literal. */
export const literal = (v: unknown) => (typeof v === "string" ? `'${v.replace(/'/g, "''")}'` : String(v));

/** SQL as Drizzle holds it, back to text, columns unqualified (as in an index or a default). */
export function sqlText(s: SQL): string {
  return s.queryChunks.map(chunkText).join("");
}

function chunkText(c: unknown): string {
  if (is(c, SQL)) return sqlText(c);
  if (is(c, StringChunk)) return c.value.join("");
  if (is(c, Column)) return printed(c.name);
  if (is(c, Param)) return literal(c.value);
  if (Array.isArray(c)) return c.map(chunkText).join("");
  if (typeof c === "string") return c;
  throw new Error(`schema: cannot render the SQL chunk ${String(c)}`);
}
