// The command line: argv → options → library call → exit code. Nothing else lives here.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { mongoFrom, postgresFrom } from "./config.js";
import { maskUrl, scrub } from "./mask.js";
import {
  BATCH_SIZE,
  CHECKPOINT_FILE,
  DRY_RUN_REPORT_FILE,
  ERROR_LOG_FILE,
  MAX_BATCH_SIZE,
  REPORT_FILE,
  SAMPLE_SIZE,
  VALIDATION_REPORT_FILE,
} from "./defaults.js";
import { ExitCode, foreignRowsRefusal, MigrateError } from "./errors.js";
import { uuidFor, isObjectIdLike } from "./identity.js";
import { boundHeapGrowth, exitCodeOf, stopOnSignals } from "./process.js";
import { assertWritable } from "./report/files.js";
import { openPostgres } from "./postgres/connect.js";
import { applySchema } from "./postgres/schemaApply.js";
import { checkSchema } from "./postgres/schemaCheck.js";

const USAGE = `nextcrm-migrate <command> [options]

Commands:
  schema apply            create or upgrade the PostgreSQL schema (and extensions)
  schema check            compare the live PostgreSQL schema with the expected one
  seed --scale N          write a synthetic NextCRM database into MongoDB
       [--seed S] [--drop] [--clean-data]
  migrate                 copy MongoDB into PostgreSQL (resumable, idempotent)
       [--batch-size N] [--restart] [--retry-failed] [--tables a,b]
       [--checkpoint FILE] [--error-log FILE] [--report FILE]
       [--allow-existing] keep rows the target holds that are no source document's
       [--exact-values]   keep the values today's NextCRM cannot read as they are, instead
                          of writing them as NextCRM does (originals kept); the dry run and
                          validate then warn which pages would fail
       [--dry-run]        read and transform everything, write nothing; report what
                          would fail or be repaired (migration-dry-run.json); PostgreSQL
                          optional, only checked
  validate                compare PostgreSQL with MongoDB in four layers
       [--sample N | --full] [--report FILE] [--migration-report FILE]
  status [--checkpoint FILE]
                          the checkpoint's state next to live counts of both databases
  id <ObjectId>           print the UUID a document gets in PostgreSQL
  after-upgrade           after NextCRM's own upgrade (npx prisma migrate deploy): put back
                          the roles, lookups and currencies it lost (PostgreSQL only)
  --version               print the version of nextcrm-migrate
  -h, --help              print this text

Connections: MONGODB_URL and POSTGRES_URL (or --mongo, --postgres; DATABASE_URL is read by its scheme).
Exit codes: 0 done, 1 failed records or differences, 2 usage or configuration, 3 unreachable,
4 not ready (after-upgrade before migrating or before NextCRM's upgrade), 70 internal error (a
crash, not a result; a migration's checkpoint is saved: rerun to resume), 130 paused.`;

const options = {
  mongo: { type: "string" },
  postgres: { type: "string" },
  scale: { type: "string" },
  seed: { type: "string" },
  drop: { type: "boolean" },
  "clean-data": { type: "boolean" },
  "batch-size": { type: "string" },
  restart: { type: "boolean" },
  "retry-failed": { type: "boolean" },
  "dry-run": { type: "boolean" },
  "allow-existing": { type: "boolean" },
  "exact-values": { type: "boolean" },
  tables: { type: "string" },
  checkpoint: { type: "string" },
  "error-log": { type: "string" },
  report: { type: "string" },
  sample: { type: "string" },
  "migration-report": { type: "string" },
  full: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
  debug: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function positiveInt(value: string | undefined, flag: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new MigrateError("USAGE", `${flag} must be a positive whole number, got "${value}".`);
  if (Number(value) > max) throw new MigrateError("USAGE", `${flag} must be at most ${max}, got ${value}.`);
  return Number(value);
}

/** The package's version, from the package.json beside src/ and dist/: right in a clone and wherever the package is installed. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new MigrateError("USAGE", `${scrub((e as Error).message)}; run with --help for the commands and options.`);
  }
  const { values, positionals } = parsed;
  const [command, sub, ...rest] = positionals;
  if (values.version) {
    console.log(packageVersion());
    return ExitCode.ok;
  }
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? ExitCode.ok : ExitCode.usage;
  }
  switch (command) {
    case "schema":
      if (sub === "apply") return schemaApplyCommand(values);
      if (sub === "check") return schemaCheckCommand(values);
      throw new MigrateError("USAGE", `unknown schema command "${sub ?? ""}"; use "schema apply" or "schema check".`);
    case "id":
      return idCommand(sub, rest);
    case "seed":
      return seedCommand(values);
    case "migrate":
      return migrateCommand(values);
    case "validate":
      return validateCommand(values);
    case "status":
      return statusCommand(values);
    case "after-upgrade":
      return afterUpgradeCommand(values);
    default:
      throw new MigrateError("USAGE", `unknown command "${command}"; run with --help for the list.`);
  }
}

function idCommand(id: string | undefined, rest: string[]): number {
  if (!id || rest.length) throw new MigrateError("USAGE", "usage: nextcrm-migrate id <24-hex ObjectId>");
  if (!isObjectIdLike(id)) throw new MigrateError("USAGE", `"${id}" is not an ObjectId (24 hexadecimal characters).`);
  console.log(uuidFor(id));
  return ExitCode.ok;
}

async function schemaApplyCommand(values: Values): Promise<number> {
  const sql = await openPostgres(postgresFrom(values.postgres));
  try {
    const { extensions, warnings, ran, adopted } = await applySchema(sql);
    for (const w of warnings) console.warn(`warning: ${w}`);
    if (adopted.length) console.log(`recognised NextCRM's own 0_init schema; added this tool's part of it (${ran.join(", ")})`);
    const what = ran.length ? `ran ${ran.join(", ")}` : "already up to date, nothing to run";
    console.log(`schema applied: ${what} (extensions: ${extensions.join(", ") || "none"})`);
    return ExitCode.ok;
  } finally {
    await sql.end();
  }
}

async function schemaCheckCommand(values: Values): Promise<number> {
  const sql = await openPostgres(postgresFrom(values.postgres));
  try {
    const { differences, warnings, state } = await checkSchema(sql);
    for (const w of warnings) console.warn(`warning: ${w}`);
    for (const d of differences) console.log(d);
    const advice =
      state === "upgraded"
        ? "NextCRM has upgraded this database already: migrate into a fresh database, then let NextCRM upgrade it."
        : state === "release"
          ? "this is the schema NextCRM's own 0_init created: `schema apply` adds this tool's part to it."
          : "run `schema apply` (on an empty database, or one NextCRM's 0_init created), or fix them by hand.";
    console.log(
      differences.length
        ? `${differences.length} difference(s); ${advice}`
        : "schema matches NextCRM's release schema and this tool's additions",
    );
    return differences.length ? ExitCode.failed : ExitCode.ok;
  } finally {
    await sql.end();
  }
}

async function seedCommand(values: Values): Promise<number> {
  const { seedDatabase } = await import("./seed/seed.js");
  const { mongoUrl, mongoDb } = mongoFrom(values.mongo);
  const scale = positiveInt(values.scale, "--scale", 1000);
  const seed = positiveInt(values.seed, "--seed", 1);
  const result = await seedDatabase({
    mongoUrl,
    mongoDb,
    scale,
    seed,
    drop: !!values.drop,
    quirks: !values["clean-data"],
    log: (s) => console.log(s),
  });
  console.log(`seeded ${result.total} documents in ${Object.keys(result.counts).length} collections of ${mongoDb}`);
  return ExitCode.ok;
}

/** The task list; driver messages in warnings (a lost connection, a retry) pass through the same scrub as errors. */
async function progressReporter() {
  const { ProgressReporter } = await import("./report/progress.js");
  return new ProgressReporter((line) => process.stderr.write(`warning: ${scrub(line)}\n`));
}

async function migrateCommand(values: Values): Promise<number> {
  boundHeapGrowth();
  if (values["dry-run"]) return dryRunCommand(values);
  const { runMigration } = await import("./migrate/run.js");
  const { summaryText, writeReport } = await import("./report/summary.js");
  const { collectionNamed } = await import("./map/collections.js");
  const { mongoUrl, mongoDb } = mongoFrom(values.mongo);
  const postgresUrl = postgresFrom(values.postgres);
  const tables = values.tables
    ?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of tables ?? []) if (!collectionNamed(t)) throw new MigrateError("USAGE", `--tables: "${t}" is not a NextCRM collection.`);
  if (values.restart && values["retry-failed"]) throw new MigrateError("USAGE", "--restart and --retry-failed cannot be combined.");
  const checkpointPath = assertWritable(resolve(values.checkpoint ?? CHECKPOINT_FILE), "--checkpoint");
  const errorLogPath = assertWritable(resolve(values["error-log"] ?? ERROR_LOG_FILE), "--error-log");
  const reportPath = assertWritable(resolve(values.report ?? REPORT_FILE), "--report");
  const stop = stopOnSignals();
  const reporter = await progressReporter();
  console.log(`NextCRM MongoDB → PostgreSQL migration: ${maskUrl(mongoUrl)} → ${maskUrl(postgresUrl)}`);
  const result = await runMigration({
    mongoUrl,
    mongoDb,
    postgresUrl,
    batchSize: positiveInt(values["batch-size"], "--batch-size", BATCH_SIZE, MAX_BATCH_SIZE),
    restart: !!values.restart,
    retryFailed: !!values["retry-failed"],
    allowExisting: !!values["allow-existing"],
    exactValues: !!values["exact-values"],
    ...(tables ? { tables } : {}),
    checkpointPath,
    errorLogPath,
    stop,
    events: reporter.events,
  }).finally(() => reporter.finish());
  writeReport(reportPath, result, errorLogPath, checkpointPath);
  console.log("\n" + summaryText(result, errorLogPath));
  console.log(`report: ${reportPath}`);
  if (result.status === "paused") {
    console.log(
      `paused (${result.pauseReason}); checkpoint saved to ${checkpointPath}. Resume with the same command: npm run migrate:mongo-to-postgres`,
    );
    return result.unreachable ? ExitCode.unreachable : ExitCode.paused;
  }
  const failed = result.failures.length + result.unknownCollections.length;
  if (failed) console.log(`checkpoint kept at ${checkpointPath}: fix the source documents, then rerun with --retry-failed.`);
  else if (result.failedElsewhere)
    console.log(
      `checkpoint kept at ${checkpointPath}: ${result.failedElsewhere} documents of tables this run did not cover failed before; fix them at the source, then rerun with --retry-failed.`,
    );
  return failed ? ExitCode.failed : ExitCode.ok;
}

/** `migrate --dry-run`: what a migration would do, from the source alone; PostgreSQL only checked. */
async function dryRunCommand(values: Values): Promise<number> {
  const { runDryRun } = await import("./dryrun/run.js");
  const { summaryText, writeDryRunReport } = await import("./report/summary.js");
  for (const flag of ["tables", "retry-failed", "checkpoint", "error-log"] as const) {
    if (values[flag] !== undefined)
      throw new MigrateError("USAGE", `--dry-run reads every table and keeps no checkpoint or error log: drop --${flag}.`);
  }
  const { mongoUrl, mongoDb } = mongoFrom(values.mongo);
  const postgresUrl = postgresFrom(values.postgres, process.env, { optional: true });
  const reportPath = assertWritable(resolve(values.report ?? DRY_RUN_REPORT_FILE), "--report");
  const stop = stopOnSignals();
  const reporter = await progressReporter();
  console.log(
    `NextCRM MongoDB → PostgreSQL dry run: ${maskUrl(mongoUrl)}${postgresUrl ? ` (target ${maskUrl(postgresUrl)} checked, never written)` : " (no PostgreSQL: nothing to check there)"}`,
  );
  const result = await runDryRun({
    mongoUrl,
    mongoDb,
    ...(postgresUrl ? { postgresUrl } : {}),
    allowExisting: !!values["allow-existing"],
    exactValues: !!values["exact-values"],
    batchSize: positiveInt(values["batch-size"], "--batch-size", BATCH_SIZE, MAX_BATCH_SIZE),
    stop,
    events: reporter.events,
  }).finally(() => reporter.finish());
  writeDryRunReport(reportPath, result);
  console.log("\n" + summaryText(result, reportPath, true));
  const { readinessText } = await import("./nextcrm/readiness.js");
  console.log("\n" + readinessText(result.readiness) + "\n");
  console.log(`dry run: nothing was written${postgresUrl ? " to PostgreSQL" : ""}. Report: ${reportPath}`);
  if (result.foreignRows.length) {
    const refusal = foreignRowsRefusal(result.foreignRows);
    console.log(
      `a migration into this target would stop before writing [${refusal.code}]: ${refusal.message} A dry run takes --allow-existing too, to show what would collide.`,
    );
  }
  if (result.status === "paused") return ExitCode.paused;
  const failing = result.failures.length + result.unknownCollections.length + result.foreignRows.length;
  if (failing)
    console.log("fix the documents listed at the source, then run the dry run again (or migrate, and --retry-failed after fixing).");
  return failing ? ExitCode.failed : ExitCode.ok;
}

async function validateCommand(values: Values): Promise<number> {
  boundHeapGrowth();
  const { runValidation } = await import("./validate/run.js");
  const { buildReport, validationSummary, writeValidationReport } = await import("./validate/report.js");
  const { mongoUrl, mongoDb } = mongoFrom(values.mongo);
  const postgresUrl = postgresFrom(values.postgres);
  if (values.full && values.sample) throw new MigrateError("USAGE", "--sample and --full cannot be combined.");
  const sample = positiveInt(values.sample, "--sample", SAMPLE_SIZE);
  const reportPath = assertWritable(resolve(values.report ?? VALIDATION_REPORT_FILE), "--report");
  console.log(`Validating ${maskUrl(postgresUrl)} against ${maskUrl(mongoUrl)}`);
  const result = await runValidation({
    mongoUrl,
    mongoDb,
    postgresUrl,
    sample,
    full: !!values.full,
    migrationReport: resolve(values["migration-report"] ?? REPORT_FILE),
    onLayer: (layer) => console.log(`  checking ${layer}...`),
  });
  const report = buildReport(result);
  writeValidationReport(reportPath, report);
  console.log("\n" + validationSummary(report));
  console.log(`report: ${reportPath}`);
  return report.overallStatus === "PASS" ? ExitCode.ok : ExitCode.failed;
}

async function statusCommand(values: Values): Promise<number> {
  const { readStatus, statusText } = await import("./migrate/status.js");
  const { mongoUrl, mongoDb } = mongoFrom(values.mongo);
  const postgresUrl = postgresFrom(values.postgres);
  const checkpointPath = resolve(values.checkpoint ?? CHECKPOINT_FILE);
  console.log(statusText(await readStatus({ mongoUrl, mongoDb, postgresUrl, checkpointPath }), checkpointPath));
  return ExitCode.ok;
}

async function afterUpgradeCommand(values: Values): Promise<number> {
  const { runAfterUpgrade, afterUpgradeText } = await import("./nextcrm/afterUpgrade.js");
  const postgresUrl = postgresFrom(values.postgres);
  console.log(`After NextCRM's upgrade of ${maskUrl(postgresUrl)}`);
  console.log(afterUpgradeText(await runAfterUpgrade({ postgresUrl })));
  return ExitCode.ok;
}

/**
 * The checkpoint a migrate command keeps (not a dry run's: it keeps none), read from its
 * arguments, for the line an unexpected error prints (src/process.ts).
 */
function checkpointOf(argv: string[]): string | undefined {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return positionals[0] === "migrate" && !values["dry-run"] ? resolve(values.checkpoint ?? CHECKPOINT_FILE) : undefined;
  } catch {
    return undefined;
  }
}

export function main(argv = process.argv.slice(2)): Promise<number> {
  return exitCodeOf(() => run(argv), { checkpoint: checkpointOf(argv), debug: argv.includes("--debug") });
}

// Run when executed directly (npm run cli, the bin), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code));
}
