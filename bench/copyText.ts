// PostgreSQL COPY text format for transformed rows: the benchmark's baseline writes the very
// rows the migrator would, as fast as the server can take them.
import { toJsonText } from "../src/target/json.js";

const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const arrayLiteral = (items: unknown[]) =>
  `{${items.map((x) => (x === null ? "NULL" : `"${String(x).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;

export function copyField(value: unknown, sqlType: string): string {
  if (value === null || value === undefined) return "\\N";
  if (sqlType === "jsonb") return escape(toJsonText(value));
  if (Array.isArray(value)) return escape(arrayLiteral(value));
  if (typeof value === "boolean") return value ? "t" : "f";
  return escape(String(value));
}
