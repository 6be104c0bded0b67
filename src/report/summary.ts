// The end of a run: pgloader's table (table | read | migrated | repaired | failed | time), the
// failures, and migration-report.json (mode 0600).
import type { DryRunResult } from "../dryrun/run.js";
import type { MigrationResult } from "../migrate/run.js";
import { writePrivateFile } from "./files.js";
import { duration, fmt, oneLine, pairChanges, textTable } from "./format.js";

/** `details`: the file with each failure's message and document; `dryRun`: say "would". */
export function summaryText(r: MigrationResult | DryRunResult, details: string, dryRun = false): string {
  const would = dryRun ? "would be " : "";
  const { read, migrated, repaired, failed } = r.totals;
  const out = [
    textTable(
      ["table", "read", "migrated", "repaired", "failed", "time"],
      Object.entries(r.tables).map(([name, t]) => [name, fmt(t.read), fmt(t.migrated), fmt(t.repaired), fmt(t.failed), duration(t.ms)]),
      ["total", fmt(read), fmt(migrated), fmt(repaired), fmt(failed), duration(r.durationMs)],
    ),
  ];
  const junctions = Object.entries(r.junctions);
  if (junctions.length) {
    out.push("", "junction pairs:");
    for (const [name, j] of junctions)
      out.push(
        `  ${name}: ${fmt(j.pairs)} (${pairChanges(j)}${j.dangling ? `, ${fmt(j.dangling)} dangling entries ${would}kept in nextcrm_migrate.unmapped` : ""})`,
      );
  }
  const verbs = dryRun ? ["would migrate exactly", "would be repaired", "would fail"] : ["migrated exactly", "repaired", "failed"];
  out.push(
    "",
    `${fmt(read)} documents in ${duration(r.durationMs)} (${fmt(recordsPerSecond(r))} records/s): ${fmt(migrated)} ${verbs[0]}, ${fmt(repaired)} ${verbs[1]}, ${fmt(failed)} ${verbs[2]}`,
  );
  const unchanged = Object.values(r.tables).reduce((n, t) => n + (t.unchanged ?? 0), 0);
  if (unchanged)
    out.push(
      `${fmt(unchanged)} of those migrated or repaired were unchanged since the last run, and left as they were (nextcrm_migrate.row_hash)`,
    );
  if (r.failures.length) {
    out.push(`${dryRun ? "documents that would fail" : "failed documents"} (details and redacted documents in ${details}):`);
    for (const f of r.failures.slice(0, 20)) out.push(`  ${f.table} ${f.mongoId}: ${oneLine(f.message)}`);
    if (r.failures.length > 20) out.push(`  ... and ${r.failures.length - 20} more`);
  }
  for (const u of r.unknownCollections)
    out.push(
      `${dryRun ? "would not be migrated" : "not migrated"}: collection ${u.name} (${fmt(u.documents)} documents) is not part of NextCRM's schema`,
    );
  const kept = "keptForUpgrade" in r ? r.keptForUpgrade.filter((k) => k.rows) : [];
  if (kept.length) {
    out.push("kept for after NextCRM's upgrade, which drops or overwrites them (nextcrm_migrate.upgrade_kept), rows:");
    for (const k of kept) out.push(`  ${k.table}: ${fmt(k.rows)}`);
  }
  return out.join("\n");
}

export function writeReport(path: string, r: MigrationResult, errorLogPath: string, checkpointPath: string): void {
  const report = {
    timestamp: new Date().toISOString(),
    status: r.status,
    pauseReason: r.pauseReason,
    durationMs: r.durationMs,
    totals: r.totals,
    recordsPerSecond: recordsPerSecond(r),
    tables: r.tables,
    junctions: r.junctions,
    failed: r.failures,
    unknownCollections: r.unknownCollections,
    keptForUpgrade: r.keptForUpgrade,
    errorLog: errorLogPath,
    checkpoint: checkpointPath,
  };
  writePrivateFile(path, jsonText(report), "migration report");
}

/** migration-dry-run.json: what a migration would do, with the would-fail documents redacted. */
export function writeDryRunReport(path: string, r: DryRunResult): void {
  const report = {
    timestamp: new Date().toISOString(),
    dryRun: true,
    status: r.status,
    pauseReason: r.pauseReason,
    durationMs: r.durationMs,
    totals: r.totals,
    recordsPerSecond: recordsPerSecond(r),
    postgresChecked: r.postgresChecked,
    foreignRows: r.foreignRows,
    tables: r.tables,
    junctions: r.junctions,
    stubOwner: r.stubOwner,
    readiness: r.readiness,
    wouldFail: r.failures,
    unknownCollections: r.unknownCollections,
  };
  writePrivateFile(path, jsonText(report), "dry-run report");
}

const recordsPerSecond = (r: MigrationResult | DryRunResult) => (r.durationMs ? Math.round((r.totals.read / r.durationMs) * 1000) : 0);

/** A failure's message as one line of the summary: some (a decoder's, a library's) span several. */

const jsonText = (report: unknown) => JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
