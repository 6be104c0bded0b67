// The validation report in the spec's format (migration-validation-report.json, mode 0600) and
// its console summary, one block per layer.
import { writePrivateFile } from "../report/files.js";
import { fmt } from "../report/format.js";
import { readinessText } from "../nextcrm/readiness.js";
import type { ValidationResult } from "./run.js";
const status = (ok: boolean) => (ok ? "PASS" : "FAIL");

export function buildReport(r: ValidationResult) {
  // A collection without a table is data the target does not hold, as a missing row is.
  const countsOk =
    r.counts.every((c) => c.match) &&
    r.unknownCollections.length === 0 &&
    r.stubs.every((x) => x.unreferenced.count === 0 && x.wrongOwner.count === 0);
  const junctionCountsOk = r.junctions.every((j) => j.sourcePairs === j.targetPairs);
  const recordsOk = r.records.every((x) => x.mismatched === 0);
  // What NextCRM's upgrade drops must be kept, as the tables hold it, before the switch.
  const integrityOk =
    r.orphans.length === 0 &&
    r.junctions.every((j) => !j.missingInTarget.count && !j.withoutSource.count && !j.orphaned.count && !j.danglingNotKept.count) &&
    r.readiness.unkept.length === 0;
  const typesOk = r.schemaDifferences.length === 0 && r.typeIssues.every((i) => i.severity !== "error");
  const validated = r.records.reduce((a, x) => a + x.sampleSize, 0);
  const matched = r.records.reduce((a, x) => a + x.matched, 0);
  const failedTables = new Set([
    ...r.counts.filter((c) => !c.match).map((c) => c.table),
    ...r.stubs.filter((x) => x.unreferenced.count || x.wrongOwner.count).map((x) => x.table),
    ...r.records.filter((x) => x.mismatched).map((x) => x.table),
    ...r.orphans.map((o) => o.table),
    ...r.readiness.unkept.map((u) => u.table),
    ...r.junctions
      .filter(
        (j) =>
          j.sourcePairs !== j.targetPairs ||
          j.missingInTarget.count ||
          j.withoutSource.count ||
          j.orphaned.count ||
          j.danglingNotKept.count,
      )
      .map((j) => j.table),
  ]);
  const totalTables = r.counts.length + r.junctions.length;
  return {
    timestamp: new Date().toISOString(),
    overallStatus: status(countsOk && junctionCountsOk && recordsOk && integrityOk && typesOk),
    summary: {
      totalTables,
      tablesValidated: totalTables,
      tablesPassed: totalTables - failedTables.size,
      tablesFailed: failedTables.size,
      totalRecords: r.counts.reduce((a, c) => a + c.mongodb, 0),
      recordsValidated: validated,
      recordsMatched: matched,
      recordsMismatched: validated - matched,
      recordsRepaired: r.records.reduce((a, x) => a + x.repaired, 0),
      stubRows: r.stubs.reduce((a, x) => a + x.stubs, 0),
      matchPercentage: validated ? Math.round((matched / validated) * 10000) / 100 : 100,
      durationMs: r.durationMs,
    },
    rowCountValidation: {
      status: status(countsOk && junctionCountsOk),
      discrepancies: [
        ...r.counts
          .filter((c) => !c.match)
          .map((c) => ({
            table: c.table,
            mongodb: c.mongodb,
            postgresql: c.postgresql,
            stubs: c.stubs,
            difference: c.mongodb - (c.postgresql - c.stubs),
            withoutSource: c.withoutSource,
            failedInMigration: c.failedInMigration,
          })),
        ...r.junctions
          .filter((j) => j.sourcePairs !== j.targetPairs)
          .map((j) => ({
            table: j.table,
            sourcePairs: j.sourcePairs,
            postgresql: j.targetPairs,
            difference: j.sourcePairs - j.targetPairs,
          })),
        ...r.unknownCollections.map((u) => ({
          table: u.name,
          mongodb: u.documents,
          postgresql: 0,
          difference: u.documents,
          notInSchema: true,
        })),
      ],
      /** Stub rows (repairs: a reference keeps a missing document's id) and those nothing needs any more. */
      stubRows: r.stubs.filter((x) => x.stubs || x.unreferenced.count || x.wrongOwner.count),
    },
    sampleRecordValidation: {
      status: status(recordsOk),
      missingRecords: r.records.flatMap((x) => x.missing.map((mongoId) => ({ table: x.table, mongoId }))),
      fieldMismatches: r.records.flatMap((x) => x.mismatches),
    },
    referentialIntegrityValidation: {
      status: status(integrityOk),
      orphanedRecords: r.junctions
        .filter((j) => j.orphaned.count)
        .map((j) => ({ table: j.table, count: j.orphaned.count, examples: j.orphaned.examples })),
      brokenForeignKeys: r.orphans,
      missingJunctionPairs: r.junctions
        .filter((j) => j.missingInTarget.count)
        .map((j) => ({ table: j.table, count: j.missingInTarget.count, examples: j.missingInTarget.examples })),
      danglingNotKept: r.junctions
        .filter((j) => j.danglingNotKept.count)
        .map((j) => ({ table: j.table, count: j.danglingNotKept.count, examples: j.danglingNotKept.examples })),
      notKeptForUpgrade: r.readiness.unkept,
      junctionPairsWithoutSource: r.junctions
        .filter((j) => j.withoutSource.count)
        .map((j) => ({ table: j.table, count: j.withoutSource.count, examples: j.withoutSource.examples })),
    },
    readiness: r.readiness,
    dataTypeValidation: {
      status: status(typesOk),
      schemaDifferences: r.schemaDifferences,
      typeErrors: r.typeIssues.filter((i) => i.severity === "error"),
      warnings: r.typeIssues.filter((i) => i.severity === "warning"),
    },
    detailedResults: r.counts.map((c) => {
      const rec = r.records.find((x) => x.table === c.table)!;
      const orphans = r.orphans.filter((o) => o.table === c.table);
      return {
        table: c.table,
        rowCount: {
          mongodb: c.mongodb,
          postgresql: c.postgresql,
          stubs: c.stubs,
          match: c.match,
          withoutSource: c.withoutSource,
          failedInMigration: c.failedInMigration.length,
        },
        sampleValidation: {
          sampleSize: rec.sampleSize,
          matched: rec.matched,
          mismatched: rec.mismatched,
          repaired: rec.repaired,
          matchPercentage: rec.sampleSize ? Math.round((rec.matched / rec.sampleSize) * 10000) / 100 : 100,
        },
        foreignKeyValidation: { orphanedRecords: orphans },
      };
    }),
  };
}

export type ValidationReport = ReturnType<typeof buildReport>;

export function writeValidationReport(path: string, report: ValidationReport): void {
  writePrivateFile(path, JSON.stringify(report, null, 2) + "\n", "validation report");
}

export function validationSummary(report: ValidationReport): string {
  const out: string[] = [];
  const rc = report.rowCountValidation;
  out.push(`Row counts: ${rc.status}`);
  for (const d of rc.discrepancies as Record<string, unknown>[]) {
    const failed = (d.failedInMigration as string[] | undefined)?.length;
    if (d.notInSchema) {
      out.push(
        `  ${d.table}: source ${fmt(d.mongodb as number)}, no table (the collection is not part of NextCRM's schema and was not migrated)`,
      );
      continue;
    }
    const stubs = d.stubs ? ` (${fmt(d.stubs as number)} of them stubs)` : "";
    out.push(
      `  ${d.table}: source ${fmt((d.mongodb ?? d.sourcePairs) as number)}, target ${fmt(d.postgresql as number)}${stubs}${failed ? ` (${failed} failed in the migration, see migration-errors.log)` : ""}`,
    );
    if (d.withoutSource)
      out.push(
        `  ${d.table}: ${fmt(d.withoutSource as number)} row(s) present in the target without a source document (made by NextCRM or by hand, or left by a migration of documents since deleted from MongoDB)`,
      );
  }
  for (const x of rc.stubRows) {
    if (x.stubs)
      out.push(`  ${x.table}: ${fmt(x.stubs)} stub row(s) keep what references a missing document (repairs, not rows without a source)`);
    if (x.unreferenced.count)
      out.push(
        `  ${x.table}: ${fmt(x.unreferenced.count)} stub row(s) that nothing references any more: rows without a source (e.g. ${x.unreferenced.examples[0]})`,
      );
    if (x.wrongOwner.count)
      out.push(
        `  ${x.table}: ${fmt(x.wrongOwner.count)} stub row(s) owned by another user than the rule gives (the administrator who joined first), e.g. ${x.wrongOwner.examples[0]}`,
      );
  }
  const sr = report.sampleRecordValidation;
  out.push(
    `Records: ${sr.status} (${fmt(report.summary.recordsValidated)} compared, ${fmt(report.summary.recordsMatched)} match, ${fmt(report.summary.recordsRepaired)} of them repairs)`,
  );
  for (const m of sr.missingRecords.slice(0, 10)) out.push(`  missing: ${m.table} ${m.mongoId}`);
  for (const m of sr.fieldMismatches.slice(0, 10))
    out.push(`  ${m.table} ${m.mongoId} (${m.uuid}) ${m.field}: source ${m.source}, target ${m.target}`);
  const extra =
    sr.missingRecords.length + sr.fieldMismatches.length - Math.min(10, sr.missingRecords.length) - Math.min(10, sr.fieldMismatches.length);
  if (extra > 0) out.push(`  ... and ${extra} more in the report`);
  const ri = report.referentialIntegrityValidation;
  out.push(`Referential integrity: ${ri.status}`);
  for (const o of ri.brokenForeignKeys) out.push(`  ${o.table}.${o.column} → ${o.references}: ${o.count} orphaned (e.g. ${o.examples[0]})`);
  for (const j of ri.orphanedRecords) out.push(`  ${j.table}: ${j.count} pairs with a missing end (e.g. ${j.examples[0]})`);
  for (const j of ri.missingJunctionPairs) out.push(`  ${j.table}: ${j.count} source pairs missing in the target (e.g. ${j.examples[0]})`);
  for (const j of ri.danglingNotKept)
    out.push(
      `  ${j.table}: ${j.count} array entries naming a missing document not kept in nextcrm_migrate.unmapped (e.g. ${j.examples[0]})`,
    );
  for (const j of ri.junctionPairsWithoutSource) out.push(`  ${j.table}: ${j.count} target pairs with no source (e.g. ${j.examples[0]})`);
  for (const u of ri.notKeptForUpgrade)
    out.push(
      `  ${u.table}: ${u.rows} row(s) not kept as they are in nextcrm_migrate.upgrade_kept (NextCRM's upgrade drops them): run the migration again`,
    );
  const dt = report.dataTypeValidation;
  out.push(`Types and schema: ${dt.status}`);
  for (const d of dt.schemaDifferences) out.push(`  ${d}`);
  for (const e of dt.typeErrors) out.push(`  ${e.table}.${e.column}: ${e.count} × ${e.problem}`);
  for (const w of dt.warnings) out.push(`  warning: ${w.table}.${w.column}: ${w.count} × ${w.problem}`);
  out.push("", readinessText(report.readiness));
  out.push(
    "",
    report.overallStatus === "PASS"
      ? "VALIDATION PASSED: safe to switch DATABASE_URL to PostgreSQL."
      : "VALIDATION FAILED: see the lines above and the report.",
  );
  return out.join("\n");
}
