// `npm run demo`: throwaway servers, a 20,000-document NextCRM database with real-world quirks,
// the schema, a dry run, the migration with its task list, the failed documents fixed at the
// source as a user would, the retry, a validation that passes with what today's NextCRM will make
// of the data, and the after-upgrade step refused until NextCRM has upgraded. Stops the servers after.
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { main } from "./cli.js";
import { startServers } from "./devservers/index.js";
import { openMongo } from "./mongo/connect.js";
import { fixAtSource } from "./seed/fix.js";

const SCALE = process.env.DEMO_SCALE ?? "20000";
const out = resolve("demo-output");
mkdirSync(out, { recursive: true, mode: 0o700 });

console.log("Starting throwaway PostgreSQL and FerretDB servers (installing them the first time)...");
const servers = await startServers();
let code = 0;
try {
  const mongo = `${servers.mongo.url}/nextcrm`;
  const pg = servers.postgres.url;
  const step = async (title: string, argv: string[]) => {
    console.log(`\n== ${title}\n$ nextcrm-migrate ${argv.join(" ")}`);
    const c = await main([...argv, ...(argv[0] === "after-upgrade" ? [] : ["--mongo", mongo]), "--postgres", pg]);
    if (c !== 0 && c !== 1) throw Object.assign(new Error(`${argv[0]} exited with ${c}`), { exitCode: c });
    return c;
  };
  await step(`Seeding a synthetic NextCRM database (${SCALE} documents, with real-world quirks)`, ["seed", "--scale", SCALE, "--drop"]);
  await step("Creating the PostgreSQL schema", ["schema", "apply"]);
  await step("Dry run: what the migration would do, without writing anything (PostgreSQL only checked)", [
    "migrate",
    "--dry-run",
    "--report",
    `${out}/migration-dry-run.json`,
  ]);
  const migrateArgs = [
    "migrate",
    "--checkpoint",
    `${out}/migration-checkpoint.json`,
    "--error-log",
    `${out}/migration-errors.log`,
    "--report",
    `${out}/migration-report.json`,
  ];
  const migrated = await step("Migrating", [...migrateArgs, "--restart"]);
  if (migrated === 1) {
    const report = JSON.parse(readFileSync(`${out}/migration-report.json`, "utf8")) as {
      failed: { table: string; mongoId: string; message: string }[];
    };
    const dry = JSON.parse(readFileSync(`${out}/migration-dry-run.json`, "utf8")) as {
      wouldFail: { table: string; mongoId: string; message: string }[];
    };
    const named = (list: { table: string; mongoId: string; message: string }[]) =>
      list
        .map((f) => `${f.table} ${f.mongoId} ${f.message}`)
        .sort()
        .join("\n");
    const same = named(report.failed) === named(dry.wouldFail);
    console.log(
      `\n${same ? `The ${report.failed.length} documents the dry run named failed, with the messages it gave` : `${report.failed.length} documents failed, and the dry run named ${dry.wouldFail.length}: this is a bug, please report it`}: the synthetic data, like real NextCRM databases, holds a few documents that miss a required field with no default, or hold an amount beyond the 32-bit integers of NextCRM's PostgreSQL schema. Everything else is in PostgreSQL.`,
    );
    console.log("\n== Fixing them in MongoDB, as a user would (each change printed)");
    const { client, db } = await openMongo(mongo, "nextcrm");
    try {
      for (const change of await fixAtSource(db, report.failed)) console.log(`  ${change}`);
    } finally {
      await client.close();
    }
    await step("Migrating the fixed documents again", [...migrateArgs, "--retry-failed"]);
  }
  const valid = await step("Validating (row counts, records, referential integrity, types and schema)", [
    "validate",
    "--report",
    `${out}/migration-validation-report.json`,
    "--migration-report",
    `${out}/migration-report.json`,
  ]);
  if (valid !== 0) throw Object.assign(new Error("the validation failed: see the report above"), { exitCode: valid });
  console.log(`
== What comes next: the switch (README, runbook step 6)
The validation above ends with the readiness section: what today's NextCRM will make of this
database after its own upgrade. This demo has no NextCRM to upgrade; on yours, the switch is:
  1. point NextCRM's DATABASE_URL at PostgreSQL and run its own: npx prisma migrate deploy
  2. npx nextcrm-migrate after-upgrade      # the administrators' roles, the held-back settings,
                                            # lead sources and currencies (refused, exit 4, before step 1)
  3. psql "$POSTGRES_URL" -c 'vacuum (analyze)', start NextCRM, sign in as an administrator`);
  await step("after-upgrade before NextCRM's upgrade: refused, nothing written", ["after-upgrade"]).catch((e: { exitCode?: number }) => {
    if (e.exitCode !== 4) throw e;
  });
  console.log(`
Done. Reports are in ${out}/:
  migration-dry-run.json  what the dry run found, with the would-fail documents
  migration-report.json   per-table counts, repairs and failures
  migration-errors.log    failed documents (secrets redacted) and every repair made
  migration-validation-report.json   the four validation layers, per table

To migrate your own databases:
  export MONGODB_URL='mongodb://user:password@host:27017/nextcrm'
  export POSTGRES_URL='postgres://user:password@host:5432/nextcrm'
  npx nextcrm-migrate schema apply && npm run migrate:mongo-to-postgres -- --dry-run
  npm run migrate:mongo-to-postgres
(see README.md for the full runbook: backup, rehearsal, validation, switch-over, rollback)`);
} catch (e) {
  console.error(`demo failed: ${(e as Error).message}`);
  code = (e as { exitCode?: number }).exitCode ?? 1;
} finally {
  await servers.stop();
}
process.exit(code);
