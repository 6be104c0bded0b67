// Number and duration formatting shared by the progress display, the summary and the validation report.

export const fmt = (n: number) => n.toLocaleString("en-US");

export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m ${s % 60}s` : `${Math.floor(m / 60)}h ${m % 60}m`;
}
