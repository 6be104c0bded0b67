// Number and duration formatting shared by the progress display, the summary and the validation report.

export const fmt = (n: number) => n.toLocaleString("en-US");

/** A message on one line, whatever line breaks a driver put in it. */
export const oneLine = (message: unknown) => String(message).replace(/\s*[\r\n]+\s*/g, " ");

/** What a junction sync changed: "+inserted −deleted", or "unchanged" when it had nothing to do. */
export const pairChanges = (j: { inserted: number; deleted: number; unchanged?: boolean }) =>
  j.unchanged ? "unchanged" : `+${fmt(j.inserted)} −${fmt(j.deleted)}`;

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Columns aligned (first left, the rest right), a rule under the head and, if given, above the last row. */
export function textTable(head: string[], rows: (string | number)[][], footer?: (string | number)[]): string {
  const all = [head, ...rows, ...(footer ? [footer] : [])].map((r) => r.map(String));
  const widths = head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const body = all.slice(1, footer ? -1 : undefined).map(line);
  return [line(all[0]!), rule, ...body, ...(footer ? [rule, line(all[all.length - 1]!)] : [])].join("\n");
}
