// The end of a run: pgloader's table (table | read | migrated | repaired | failed | time), the
// failures, and migration-report.json (mode 0600).
import type { MigrationResult } from "../migrate/run.js";
import { writePrivateFile } from "./files.js";
import { duration, fmt, textTable } from "./format.js";

export function summaryText(r: MigrationResult, errorLogPath: string): string {
  const rows = Object.entries(r.tables).map(([name, t]) => [name, t.read, t.migrated, t.repaired, t.failed, duration(t.ms)] as const);
  const head = ["table", "read", "migrated", "repaired", "failed", "time"];
  const tot = rows.reduce<number[]>((a, x) => [a[0]! + x[1], a[1]! + x[2], a[2]! + x[3], a[3]! + x[4]], [0, 0, 0, 0]);
  const out = [textTable(head, rows.map((x) => [x[0], fmt(x[1]), fmt(x[2]), fmt(x[3]), fmt(x[4]), x[5]]), ["total", ...tot.map(fmt), duration(r.durationMs)])];
  const junctions = Object.entries(r.junctions);
  if (junctions.length) {
    out.push("", "junction pairs:");
    for (const [name, j] of junctions) out.push(`  ${name}: ${fmt(j.pairs)} (+${fmt(j.inserted)} −${fmt(j.deleted)}${j.dangling ? `, ${fmt(j.dangling)} dangling entries kept in nextcrm_migrate.unmapped` : ""})`);
  }
  const rps = r.durationMs ? Math.round((tot[0]! / r.durationMs) * 1000) : 0;
  out.push("", `${fmt(tot[0]!)} documents in ${duration(r.durationMs)} (${fmt(rps)} records/s): ${fmt(tot[1]!)} migrated exactly, ${fmt(tot[2]!)} repaired, ${fmt(tot[3]!)} failed`);
  if (r.failures.length) {
    out.push(`failed documents (details and redacted documents in ${errorLogPath}):`);
    for (const f of r.failures.slice(0, 20)) out.push(`  ${f.table} ${f.mongoId}: ${f.message}`);
    if (r.failures.length > 20) out.push(`  ... and ${r.failures.length - 20} more`);
  }
  for (const u of r.unknownCollections) out.push(`not migrated: collection ${u.name} (${fmt(u.documents)} documents) is not part of NextCRM's schema`);
  return out.join("\n");
}

export function writeReport(path: string, r: MigrationResult, errorLogPath: string, checkpointPath: string): void {
  const report = {
    timestamp: new Date().toISOString(),
    status: r.status,
    pauseReason: r.pauseReason,
    durationMs: r.durationMs,
    totals: r.totals,
    recordsPerSecond: r.durationMs ? Math.round((r.totals.read / r.durationMs) * 1000) : 0,
    tables: r.tables,
    junctions: r.junctions,
    failed: r.failures,
    unknownCollections: r.unknownCollections,
    errorLog: errorLogPath,
    checkpoint: checkpointPath,
  };
  writePrivateFile(path, JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n", "migration report");
}
