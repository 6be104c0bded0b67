// `npm run bench -- --scale N`: one run, one machine, one dataset; the migrator measured against
// the source's read limit (drain) and the target's write limit (COPY of the same rows).
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { execFileSync, spawn } from "node:child_process";
import { pipeline } from "node:stream/promises";
import { getTableConfig } from "drizzle-orm/pg-core";
import { MongoClient, type Document } from "mongodb";
import postgres from "postgres";
import { startServers } from "../src/devservers/index.js";
import { uuidFor } from "../src/identity.js";
import { collectionNamed, collections, junctions } from "../src/map/collections.js";
import { migrationOrder } from "../src/migrate/order.js";
import { seedDatabase } from "../src/seed/seed.js";
import { openRead } from "../src/mongo/read.js";
import { openPostgres, type Sql } from "../src/postgres/connect.js";
import { applySchema } from "../src/postgres/schemaApply.js";
import { stubRow } from "../src/map/stubs.js";
import { transformDocument, type Stub } from "../src/transform/document.js";
import { runValidation } from "../src/validate/run.js";
import { rowsFingerprint } from "../test/helpers/snapshots.js";
import { copyField } from "../src/postgres/copyText.js";
import { machineBusySeconds, peakRssKb, pidWith, postmasterPid, treeSeconds } from "./cpu.js";

const { values } = parseArgs({ options: { scale: { type: "string" }, out: { type: "string" } } });
const scale = Number(values.scale ?? 100_000);
const ROOT = new URL("..", import.meta.url).pathname;
const log = (s: string) => console.log(`[bench] ${s}`);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Core-seconds each phase kept the machine busy (the work it needed, whatever the overlap), and
 * who spent them: FerretDB, PostgreSQL (postmaster and backends), the Node process doing the work.
 */
type CpuShare = { machine: number; ferretdb: number; postgres: number; node: number };
const cpu: Record<string, CpuShare> = {};
const round1 = (x: number) => Math.round(x * 10) / 10;
let serverPids = { ferretdb: 0, postgres: 0 };
const serverSeconds = () => ({ ferretdb: treeSeconds(serverPids.ferretdb), postgres: treeSeconds(serverPids.postgres) });
/** `fn` may report the CPU of a child it ran (the migrator); otherwise this process's own counts. */
const measureCpu = async <T>(phase: string, fn: () => Promise<T>, childSeconds?: (r: T) => number): Promise<T> => {
  const m0 = machineBusySeconds();
  const s0 = serverSeconds();
  const n0 = process.cpuUsage();
  const r = await fn();
  const s1 = serverSeconds();
  const own = process.cpuUsage(n0);
  cpu[phase] = {
    machine: round1(machineBusySeconds() - m0),
    ferretdb: round1(s1.ferretdb - s0.ferretdb),
    postgres: round1(s1.postgres - s0.postgres),
    node: round1(childSeconds ? childSeconds(r) : (own.user + own.system) / 1e6),
  };
  return r;
};

// What `npm install` builds: the migrator is measured as users run it, compiled.
execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], {
  stdio: "inherit",
});
const servers = await startServers({ durable: true });
serverPids = { ferretdb: pidWith(`--state-dir=${servers.mongo.dir}`) ?? 0, postgres: postmasterPid(servers.postgres.dir) };
const mongoUrl = `${servers.mongo.url}/bench`;
const admin = postgres(servers.postgres.url, { max: 1, onnotice: () => {} });
const dbUrl = (name: string) => servers.postgres.url.replace(/\/postgres$/, `/${name}`);
async function freshTarget(name: string): Promise<string> {
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const sql = await openPostgres(dbUrl(name), { max: 1 });
  await applySchema(sql);
  await sql.end();
  return dbUrl(name);
}

try {
  log(`seeding ${scale} documents...`);
  let t0 = performance.now();
  const seeded = await seedDatabase({ mongoUrl, mongoDb: "bench", scale, seed: 1, drop: true, quirks: true });
  const records = seeded.total;
  log(`seeded ${records} in ${seconds(t0).toFixed(1)} s`);
  const order = migrationOrder(collections);
  const client = new MongoClient(mongoUrl);
  const db = client.db();

  // drain: the migrator's read shape (one _id-sorted cursor per table), nothing else.
  t0 = performance.now();
  let drained = 0;
  await measureCpu("drain", async () => {
    for (const c of order) for await (const docs of openRead(db, c.collection, null, 1000, false).batches) drained += docs.length;
  });
  const drainS = seconds(t0);
  log(`drain: ${drained} documents in ${drainS.toFixed(1)} s`);

  // copy: the same transformed rows, written to files first, then timed COPY into the same schema.
  const scratch = mkdtempSync(join(tmpdir(), "nextcrm-bench-"));
  // Rows the baseline actually writes, table by table in foreign-key order, as the migrator sees them.
  const ids = new Map<string, Set<string>>();
  const exists = (table: string, uuid: string) => ids.get(table)?.has(uuid) ?? false;
  const files: { table: string; columns: string[]; file: string }[] = [];
  for (const c of order) {
    const cols = getTableConfig(c.table).columns;
    const written = new Set<string>();
    ids.set(c.collection, written);
    const file = join(scratch, `${c.collection}.copy`);
    const out = createWriteStream(file);
    // The stub rows the migrator makes for references to missing documents, loaded before the rows that need them.
    const stubs = new Map<string, Stub>();
    for await (const docs of openRead(db, c.collection, null, 1000, false).batches) {
      let text = "";
      for (const d of docs) {
        try {
          const t = transformDocument(c, d as Document, exists);
          text += cols.map((col) => copyField(t.row[col.name], col.getSQLType())).join("\t") + "\n";
          written.add(t.id);
          for (const s of t.stubs) stubs.set(s.id, s);
        } catch {
          // a document the migrator fails is not written by the baseline either
        }
      }
      if (!out.write(text)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const owner = [...(ids.get("Users") ?? [])][0];
    for (const table of new Set([...stubs.values()].map((s) => s.table))) {
      const rows = [...stubs.values()].filter((s) => s.table === table).map((s) => stubRow(s, owner!));
      const columns = Object.keys(rows[0]!);
      const types = new Map(getTableConfig(collectionNamed(table)!.table).columns.map((col) => [col.name, col.getSQLType()]));
      const stubFile = join(scratch, `${table}.stubs.copy`);
      writeFileSync(stubFile, rows.map((r) => columns.map((k) => copyField(r[k], types.get(k)!)).join("\t") + "\n").join(""));
      files.push({ table, columns, file: stubFile });
    }
    files.push({ table: c.collection, columns: cols.map((x) => x.name), file });
  }
  for (const j of junctions) {
    const pairs = new Set<string>();
    const [c0, c1] = j.columns;
    for (const side of j.sides) {
      const selfFirst = side.field.selfColumn === c0!.name;
      for await (const d of db.collection(side.collection).find({}, { projection: { [side.field.field]: 1 } })) {
        for (const e of (d[side.field.field] ?? []) as unknown[]) {
          if (!(typeof e === "object" || (typeof e === "string" && /^[0-9a-f]{24}$/i.test(e)))) continue;
          const [a, b] = selfFirst ? [uuidFor(d._id), uuidFor(e)] : [uuidFor(e), uuidFor(d._id)];
          if (exists(c0!.references, a) && exists(c1!.references, b)) pairs.add(`${a}\t${b}`);
        }
      }
    }
    const file = join(scratch, `${j.name}.copy`);
    writeFileSync(file, [...pairs].map((p) => p + "\n").join(""));
    files.push({ table: j.name, columns: [c0!.name, c1!.name], file });
  }
  const copyUrl = await freshTarget("bench_copy");
  const copySql = postgres(copyUrl, { max: 1, onnotice: () => {} }) as unknown as Sql;
  t0 = performance.now();
  await measureCpu("copy", async () => {
    for (const f of files) {
      const stream = await copySql.unsafe(`copy "${f.table}" (${f.columns.map((c) => `"${c}"`).join(", ")}) from stdin`).writable();
      await pipeline(createReadStream(f.file), stream);
    }
  });
  const copyS = seconds(t0);
  await copySql.end();
  rmSync(scratch, { recursive: true, force: true });
  log(`copy: ${records} documents' rows in ${copyS.toFixed(1)} s`);

  // dry run, migrate and rerun: the real CLI in a child, its peak RSS and checkpoint size sampled.
  const migrateUrl = await freshTarget("bench_migrate");
  const work = mkdtempSync(join(tmpdir(), "nextcrm-bench-run-"));
  type CliRun = { ms: number; rssMb: number; checkpointBytes: number; cpuSeconds: number };
  async function cliOnce(args: string[], report: string): Promise<CliRun> {
    // The package bin, as users run it (dist/, built below).
    const child = spawn(process.execPath, [join(ROOT, "bin/nextcrm-migrate.js"), ...args], {
      cwd: work,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let rssKb = 0;
    let checkpointBytes = 0;
    let cpuSeconds = 0;
    let ticks = 0;
    const poll = setInterval(() => {
      // Scanning /proc costs CPU too: the child's total only every 0.5 s (the last sample is < 0.5 s old).
      if (ticks++ % 10 === 0) cpuSeconds = Math.max(cpuSeconds, treeSeconds(child.pid!));
      rssKb = Math.max(rssKb, peakRssKb(child.pid!));
      const cp = join(work, "migration-checkpoint.json");
      if (existsSync(cp)) checkpointBytes = Math.max(checkpointBytes, statSync(cp).size);
    }, 50);
    const code = await new Promise<number | null>((r) => child.on("close", r));
    clearInterval(poll);
    if (code !== 0 && code !== 1) throw new Error(`${args.join(" ")} exited with ${code}`);
    const out = JSON.parse(readFileSync(join(work, report), "utf8"));
    return { ms: out.durationMs, rssMb: Math.round(rssKb / 1024), checkpointBytes, cpuSeconds };
  }
  const migrateOnce = () => cliOnce(["migrate", "--mongo", mongoUrl, "--postgres", migrateUrl], "migration-report.json");
  // As a user would: the dry run first, needing no PostgreSQL.
  const dry = await measureCpu(
    "dry_run",
    () => cliOnce(["migrate", "--dry-run", "--mongo", mongoUrl], "migration-dry-run.json"),
    (r) => r.cpuSeconds,
  );
  log(`dry run: ${(dry.ms / 1000).toFixed(1)} s, peak RSS ${dry.rssMb} MB`);
  const first = await measureCpu("migrate", migrateOnce, (r) => r.cpuSeconds);
  log(`migrate: ${(first.ms / 1000).toFixed(1)} s, peak RSS ${first.rssMb} MB, checkpoint ${first.checkpointBytes} bytes`);
  const second = await measureCpu("rerun", migrateOnce, (r) => r.cpuSeconds);
  log(`rerun: ${(second.ms / 1000).toFixed(1)} s`);

  // Every row of every data table, so that a change which should not change the result can be held to it.
  const rows_fingerprint = await rowsFingerprint(migrateUrl);
  log(`rows fingerprint: ${rows_fingerprint}`);

  const v = await measureCpu("validate_full", () =>
    runValidation({
      mongoUrl,
      mongoDb: "bench",
      postgresUrl: migrateUrl,
      full: true,
      migrationReport: join(work, "migration-report.json"),
    }),
  );
  log(`validate --full: ${(v.durationMs / 1000).toFixed(1)} s`);

  // queries: the spec's simple queries, 100 runs each, with EXPLAIN showing an index (the full-text
  // one in the expression of its index, each column's first 16,384 characters: README). First the
  // maintenance a bulk load is followed by (the spec's post-migration ANALYZE, and the vacuum autovacuum
  // would run anyway), so that on two cores the timings are the database's, not autovacuum's beside it.
  const sql = postgres(migrateUrl, { max: 1, onnotice: () => {} });
  await sql`vacuum (analyze)`;
  const pick = async (q: string) => (await sql.unsafe(q))[0] as Record<string, unknown>;
  const queries: Record<string, { text: string; params: () => Promise<unknown[]> }> = {
    accounts_by_assignee: {
      text: `select * from "crm_Accounts" where assigned_to = $1 limit 50`,
      params: async () => [
        (await pick(`select assigned_to from "crm_Accounts" where assigned_to is not null order by random() limit 1`)).assigned_to,
      ],
    },
    opportunities_by_status_stage: {
      text: `select * from "crm_Opportunities" where status = $1 and sales_stage = $2 limit 50`,
      params: async () => {
        const r = await pick(
          `select status, sales_stage from "crm_Opportunities" where sales_stage is not null and status is not null order by random() limit 1`,
        );
        return [r.status, r.sales_stage];
      },
    },
    contacts_fulltext_name: {
      text: `select * from "crm_Contacts" where to_tsvector('english', left(COALESCE("first_name", ''), 16384) || ' ' || left(COALESCE("last_name", ''), 16384)) @@ plainto_tsquery('english', $1) limit 50`,
      params: async () => [(await pick(`select last_name from "crm_Contacts" order by random() limit 1`)).last_name],
    },
    tasks_by_user_status: {
      text: `select * from "Tasks" where "user" = $1 and "taskStatus" = $2 limit 50`,
      params: async () => {
        const r = await pick(
          `select "user", "taskStatus" from "Tasks" where "user" is not null and "taskStatus" is not null order by random() limit 1`,
        );
        return [r.user, r.taskStatus];
      },
    },
    boards_of_user: {
      text: `select * from "Boards" where "user" = $1`,
      params: async () => [(await pick(`select "user" from "Boards" order by random() limit 1`)).user],
    },
  };
  // The round trip a client waits for (planning, sending and decoding the rows, and this shared
  // host's scheduling), and the server's execution alone (EXPLAIN ANALYZE sends no rows).
  const query_p95_ms: Record<string, number> = {};
  const query_server_p95_ms: Record<string, number> = {};
  const indexUsed: Record<string, string> = {};
  for (const [name, q] of Object.entries(queries)) {
    let params = await q.params();
    // On a small table the planner rightly prefers a scan; with scans off, EXPLAIN shows the index serves the query.
    const plan = JSON.stringify(
      await sql.begin(async (tx) => {
        await tx`set local enable_seqscan = off`;
        return tx.unsafe(`explain (format json) ${q.text}`, params as never[]);
      }),
    );
    const idx = /"Index Name":\s*"([^"]+)"/.exec(plan)?.[1];
    if (!idx) throw new Error(`${name} does not use an index: ${plan}`);
    indexUsed[name] = idx;
    const times: number[] = [];
    const serverTimes: number[] = [];
    for (let i = 0; i < 100; i++) {
      if (i % 10 === 0 && i > 0) params = await q.params();
      const s = performance.now();
      await sql.unsafe(q.text, params as never[]);
      times.push(performance.now() - s);
      const [explained] = await sql.unsafe(`explain (analyze, timing off, format json) ${q.text}`, params as never[]);
      serverTimes.push((explained!["QUERY PLAN"] as { "Execution Time": number }[])[0]!["Execution Time"]);
    }
    const p95 = (xs: number[]) => Math.round(xs.sort((a, b) => a - b)[94]! * 100) / 100;
    query_p95_ms[name] = p95(times);
    query_server_p95_ms[name] = p95(serverTimes);
  }
  await sql.end();
  await client.close();

  const results = {
    scale,
    records,
    cores: cpus().length,
    drain_rps: Math.round(records / drainS),
    copy_rps: Math.round(records / copyS),
    migrate_rps: Math.round(records / (first.ms / 1000)),
    rerun_rps: Math.round(records / (second.ms / 1000)),
    validate_full_rps: Math.round(records / (v.durationMs / 1000)),
    dry_run_rps: Math.round(records / (dry.ms / 1000)),
    peak_rss_mb: first.rssMb,
    dry_run_peak_rss_mb: dry.rssMb,
    checkpoint_bytes: first.checkpointBytes,
    rows_fingerprint,
    query_p95_ms,
    query_server_p95_ms,
  };
  const limit = Math.min(results.drain_rps, results.copy_rps);
  const r2 = (x: number) => +x.toFixed(2);
  // Own cost: the core-seconds a pass spends beyond reading the source, against COPY's.
  const copyCost = cpu.copy!.postgres + cpu.copy!.node;
  const ownCost = (phase: string) => cpu[phase]!.postgres + cpu[phase]!.node - cpu.drain!.node;
  const ratios = {
    migrate_vs_limit: r2(results.migrate_rps / limit),
    own_cost_vs_copy: r2(ownCost("migrate") / copyCost),
    rerun_own_vs_copy: r2(ownCost("rerun") / copyCost),
    rerun_vs_drain: r2(results.rerun_rps / results.drain_rps),
    validate_full_vs_drain: r2(results.validate_full_rps / results.drain_rps),
    dry_run_vs_drain: r2(results.dry_run_rps / results.drain_rps),
    dry_run_vs_migrate: r2(results.dry_run_rps / results.migrate_rps),
  };
  const outFile = values.out ?? join(ROOT, "bench", "results", "results.json");
  writeFileSync(outFile, JSON.stringify({ ...results, ...ratios }, null, 2) + "\n");
  console.table({ ...results, query_p95_ms: JSON.stringify(query_p95_ms), query_server_p95_ms: JSON.stringify(query_server_p95_ms) });
  console.log(
    "ratios (targets: migrate_vs_limit ≥ 0.7, own_cost_vs_copy ≤ 1.5, rerun_own_vs_copy ≤ 0.5, rerun/validate_full/dry_run_vs_drain ≥ 0.9):",
    ratios,
  );
  console.log("indexes used:", indexUsed);
  console.log(`busy core-seconds per phase (machine has ${cpus().length} cores):`, cpu);
  writeFileSync(
    outFile.replace(/\.json$/, ".cpu.json"),
    JSON.stringify(
      {
        cores: cpus().length,
        busy_core_seconds: cpu,
        wall_seconds: {
          drain: drainS,
          copy: copyS,
          dry_run: dry.ms / 1000,
          migrate: first.ms / 1000,
          rerun: second.ms / 1000,
          validate_full: v.durationMs / 1000,
        },
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`written to ${outFile}`);
} finally {
  await admin.end();
  await servers.stop();
}
