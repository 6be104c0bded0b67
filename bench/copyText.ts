// PostgreSQL COPY text format, which the benchmark's COPY baseline writes.

/** Backslash, tab, newline and carriage return escaped as COPY's text format wants them. */
export const escapeCopy = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const arrayLiteral = (items: unknown[]) =>
  `{${items.map((x) => (x === null ? "NULL" : `"${String(x).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;

export function copyField(value: unknown, sqlType: string): string {
  if (value === null || value === undefined) return "\\N";
  if (sqlType === "jsonb") return escapeCopy(JSON.stringify(value));
  if (Array.isArray(value)) return escapeCopy(arrayLiteral(value));
  if (typeof value === "boolean") return value ? "t" : "f";
  return escapeCopy(String(value));
}
