// Reliability and security under faults: kill -9 at 20 random moments, a FerretDB restart in the
// middle of a read, damaged checkpoints, a disk that refuses the checkpoint, canary secrets in
// the URLs and in documents, TLS options reaching both drivers. Every scenario ends with
// `validate --full` passing.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId, type Document } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { postgresTls } from "../../src/config.js";
import { execFileAsync, isRoot } from "../../src/devservers/exec.js";
import { startFerretdb } from "../../src/devservers/ferretdb.js";
import { startPostgres } from "../../src/devservers/postgres.js";
import { isMigrateError } from "../../src/errors.js";
import { uuidFor } from "../../src/identity.js";
import { collections } from "../../src/map/collections.js";
import { fingerprint, loadCheckpoint, type CheckpointData } from "../../src/migrate/checkpoint.js";
import { Rng } from "../../src/seed/random.js";
import { seedDatabase } from "../../src/seed/seed.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { applySchema } from "../../src/postgres/schemaApply.js";
import { runCli, startCli, workdir, type CliResult, type RunningCli } from "../helpers/cli.js";
import { type Disposable, freshMongo, newMongo, newPostgres, seedInto, withDatabase } from "../helpers/databases.js";
import { startRelay } from "../helpers/relay.js";
import { rowCounts, tableHashes, writeCounters } from "../helpers/snapshots.js";

/** No document that cannot be migrated, so every scenario can end with validate exit 0. */
const SEED = { scale: 2000, seed: 7, drop: true, quirks: false } as const;
/** Small batches: many transactions and checkpoint writes to land a fault in. */
const BATCH = ["--batch-size", "25"];
const CHECKPOINT = "migration-checkpoint.json";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const show = (r: CliResult) => `exit ${r.code} ${r.signal ?? ""}\n${r.stdout}\n${r.stderr}`;

let source: Disposable;
const targets: Disposable[] = [];
/** An uninterrupted run of the shared source: what every faulted run must end identical to. */
let clean: { url: string; hashes: Record<string, string>; read: number };

async function schemaApplied(url: string): Promise<string> {
  const sql = await openPostgres(url, { max: 1 });
  await applySchema(sql);
  await sql.end();
  return url;
}

/**
 * A PostgreSQL role with `password`, owning a fresh database with the schema applied, and a
 * MongoDB URL with `mongoPassword` (FerretDB's SQLite backend accepts any PLAIN credentials; the
 * driver sends them); the role and its database are dropped after `fn`.
 */
async function withPasswords<T>(
  password: string,
  mongoPassword: string,
  fn: (urls: { pg: string; pgUrl: URL; mongoUrl: URL; plainMongo: string }) => Promise<T>,
): Promise<T> {
  const admin = postgres(inject("postgresUrl"), { max: 1, onnotice: () => {} });
  const role = `nc_role_${randomBytes(4).toString("hex")}`;
  const db = `nc_db_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create role ${role} login password '${password}'`);
  await admin.unsafe(`create database ${db} owner ${role}`);
  try {
    const pgUrl = new URL(withDatabase(inject("postgresUrl"), db));
    Object.assign(pgUrl, { username: role, password });
    const pg = await schemaApplied(pgUrl.href);
    const plainMongo = freshMongo();
    const mongoUrl = new URL(plainMongo);
    Object.assign(mongoUrl, { username: "nc_user", password: mongoPassword, search: "?authMechanism=PLAIN" });
    return await fn({ pg, pgUrl, mongoUrl, plainMongo });
  } finally {
    await admin.unsafe(`drop database if exists ${db} with (force)`);
    await admin.unsafe(`drop role if exists ${role}`);
    await admin.end();
  }
}

async function emptyTarget(): Promise<string> {
  const t = await newPostgres({ schema: true });
  targets.push(t);
  return t.url;
}

const migrate = (mongo: string, pg: string, cwd: string, ...args: string[]) =>
  runCli(["migrate", "--mongo", mongo, "--postgres", pg, ...args], {}, cwd);
const startMigrate = (mongo: string, pg: string, cwd: string, ...args: string[]) =>
  startCli(["migrate", "--mongo", mongo, "--postgres", pg, ...args], {}, cwd);

/** `validate --full`: every document compared, all four layers clean. */
async function expectValid(mongo: string, pg: string): Promise<void> {
  const r = await runCli(["validate", "--full", "--mongo", mongo, "--postgres", pg], {}, workdir());
  expect(r.code, show(r)).toBe(0);
}

/** Row for row the uninterrupted run's tables: no row missing, none twice, none different. */
async function expectClean(pg: string): Promise<void> {
  expect(await rowCounts(pg)).toEqual(await rowCounts(clean.url));
  expect(await tableHashes(pg)).toEqual(clean.hashes);
}

/** The last, uninterrupted run: exit 0, the clean run's tables, and validate --full passing. */
async function completesClean(mongo: string, pg: string, cwd: string, ...args: string[]): Promise<CliResult> {
  const r = await migrate(mongo, pg, cwd, ...args);
  expect(r.code, show(r)).toBe(0);
  await expectClean(pg);
  await expectValid(mongo, pg);
  return r;
}

/** The checkpoint as the migrator reads it: a torn or half-written file would throw here. */
const checkpointAt = (path: string, mongo: string, pg: string) => loadCheckpoint(path, fingerprint(mongo), fingerprint(pg));

/** Polls the running migrator's checkpoint until `ready` holds; every read must find a whole, valid file. */
async function untilCheckpoint(
  run: RunningCli,
  cwd: string,
  mongo: string,
  pg: string,
  ready: (cp: CheckpointData) => boolean,
): Promise<CheckpointData> {
  let ended: CliResult | undefined;
  void run.done.then((r) => (ended = r));
  for (;;) {
    const cp = checkpointAt(join(cwd, CHECKPOINT), mongo, pg);
    if (cp && ready(cp)) return cp;
    if (ended) throw new Error(`migrate ended before the moment waited for:\n${show(ended)}`);
    await sleep(4);
  }
}

/** Where a run stood: the tables being read, or the last one read and the junctions synced so far. */
function position(cp: CheckpointData | undefined): string {
  const tables = Object.entries(cp?.tables ?? {});
  const open = tables.filter(([, t]) => !t.done).map(([name]) => name);
  return open.length
    ? open.join("+")
    : `after ${tables.at(-1)?.[0] ?? "nothing"} (${Object.keys(cp?.junctions ?? {}).length} junctions synced)`;
}

/**
 * Starts migrate and kills it with SIGKILL `delayMs` after its checkpoint first satisfies
 * `moment` (given the documents it had read when the run started): the delay puts the kill
 * somewhere in the next batch's read, transaction or checkpoint write. Returns the checkpoint left.
 */
async function killAt(mongo: string, pg: string, cwd: string, moment: (cp: CheckpointData, before: number) => boolean, delayMs: number) {
  const before = checkpointAt(join(cwd, CHECKPOINT), mongo, pg)?.totals.read ?? 0;
  const run = startMigrate(mongo, pg, cwd, ...BATCH);
  await untilCheckpoint(run, cwd, mongo, pg, (cp) => moment(cp, before));
  await sleep(delayMs);
  run.child.kill("SIGKILL");
  const r = await run.done;
  expect(r.signal, show(r)).toBe("SIGKILL");
  return checkpointAt(join(cwd, CHECKPOINT), mongo, pg);
}

/** Once `docs` more documents are read than when the run started. */
const afterReading = (docs: number) => (cp: CheckpointData, before: number) => cp.totals.read >= before + docs;

beforeAll(async () => {
  source = newMongo();
  await seedInto(source.url, { ...SEED });
  const url = await emptyTarget();
  const cwd = workdir();
  const r = await migrate(source.url, url, cwd);
  expect(r.code, show(r)).toBe(0);
  const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
  clean = { url, hashes: await tableHashes(url), read: report.totals.read };
});

afterAll(async () => {
  await source?.drop();
  for (const t of targets) await t.drop();
});

describe("kill -9 at 20 random moments of one migration", () => {
  it("each rerun resumes; the last one completes identical to a run never killed", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    const rng = new Rng(20_240_607);
    // 19 kills after random numbers of documents that add up to 60 % of them, so that each
    // kill's overshoot (a batch or two) cannot carry the run to its end; the 20th among the
    // junction syncs that follow the last table.
    const weights = Array.from({ length: 19 }, () => 0.2 + rng.next());
    const sum = weights.reduce((a, b) => a + b, 0);
    const moments = weights.map((w) => afterReading(Math.max(1, Math.floor((w / sum) * clean.read * 0.6))));
    moments.push((cp) => Object.keys(cp.tables).length === collections.length && Object.values(cp.tables).every((t) => t.done));
    const landed: string[] = [];
    for (const moment of moments) landed.push(position(await killAt(source.url, pg, cwd, moment, rng.int(25))));
    const spread = `kills spread over the run: ${landed.join(", ")}`;
    expect(new Set(landed).size, spread).toBeGreaterThanOrEqual(8);
    expect(landed.at(-1), spread).toMatch(/^after \w+ \(\d+ junctions synced\)$/);
    await completesClean(source.url, pg, cwd, ...BATCH);
  }, 240_000); // 21 runs, each paying tsx's start
});

describe("FerretDB stopped and restarted in the middle of a read", () => {
  it("the migrator reads on after the last committed batch and ends identical to a clean run", async () => {
    const server = await startFerretdb();
    try {
      const mongo = `${server.url}/faults`;
      await seedDatabase({ mongoUrl: mongo, mongoDb: "faults", ...SEED });
      // Killed outright while crm_Contacts is being read, and killed while the migrator itself is
      // frozen (a suspended host): then its open cursors no longer exist when it wakes up.
      for (const frozen of [false, true]) {
        const pg = await emptyTarget();
        const cwd = workdir();
        const run = startMigrate(mongo, pg, cwd, ...BATCH);
        await untilCheckpoint(run, cwd, mongo, pg, (cp) => (cp.tables.crm_Contacts?.read ?? 0) >= 100);
        if (frozen) run.child.kill("SIGSTOP");
        await server.kill();
        await sleep(1500);
        await server.start();
        if (frozen) run.child.kill("SIGCONT");
        const first = await run.done;
        // A longer outage would outlast the retries and stop the run (exit 3); the rerun then completes.
        const last = first.code === 3 ? await migrate(mongo, pg, cwd, ...BATCH) : first;
        expect(last.code, show(first) + show(last)).toBe(0);
        expect(first.stderr).toContain("MongoDB connection lost while reading crm_Contacts");
        await expectClean(pg);
        await expectValid(mongo, pg);
      }
    } finally {
      await server.dispose();
    }
  }, 240_000);
});

describe("the network to MongoDB cut while --retry-failed reads the failed ids", () => {
  // Shorter than the migrator's retries (about 18 s here): carried through. Longer: exit 3, the
  // checkpoint kept, and the same command completes once MongoDB is back.
  it.each([
    { outage: 3000, code: 0 },
    { outage: 40_000, code: 3 },
  ])(
    "after an outage of $outage ms: exit $code, and the retry completes",
    async ({ outage, code }) => {
      const own = newMongo();
      const direct = new URL(own.url);
      const relay = await startRelay(direct.hostname, Number(direct.port));
      try {
        // The driver gives up on a server after 500 ms; the outage lasts longer, so only the
        // migrator's own retry can carry the run through it.
        const relayed = new URL(own.url);
        relayed.host = relay.address;
        relayed.searchParams.set("serverSelectionTimeoutMS", "500");
        const mongo = relayed.toString();
        const client = new MongoClient(own.url);
        const users = client.db().collection("Users");
        const docs = Array.from({ length: 250 }, (_, i) => ({
          _id: new ObjectId(),
          email: `u${i}@example.com`,
          name: `u${i}`,
          created_on: new Date(0),
        }));
        const bad = [10, 120, 240].map((i) => docs[i]!._id);
        for (const d of docs) if (bad.includes(d._id)) delete (d as { email?: string }).email;
        await users.insertMany(docs);
        const pg = await emptyTarget();
        const cwd = workdir();
        const args = ["--batch-size", "100", "--tables", "Users"];
        const first = await migrate(mongo, pg, cwd, ...args);
        expect(first.code, show(first)).toBe(1);
        for (const _id of bad) await users.updateOne({ _id }, { $set: { email: `fixed-${_id.toHexString()}@example.com` } });
        await client.close();

        relay.cutOn(Buffer.from("\x04$in\x00", "latin1"), outage); // the retry's find of the failed ids
        const cut = await migrate(mongo, pg, cwd, ...args, "--retry-failed");
        expect(relay.cuts).toBe(1);
        expect(cut.code, show(cut)).toBe(code);
        expect(cut.stderr).toContain("MongoDB connection lost");
        if (code === 3) {
          expect(cut.stdout).toContain("paused (MongoDB stayed unreachable after 6 attempts");
          expect(existsSync(join(cwd, CHECKPOINT)), "the checkpoint is kept for the same command").toBe(true);
          await sleep(outage);
          const again = await migrate(mongo, pg, cwd, ...args, "--retry-failed");
          expect(again.code, show(again)).toBe(0);
        }
        expect(existsSync(join(cwd, CHECKPOINT)), "no failed id is left to keep a checkpoint for").toBe(false);
        const sql = postgres(pg, { max: 1, onnotice: () => {} });
        const [row] = await sql`select count(*)::int as n, count(*) filter (where email like 'fixed-%')::int as fixed from "Users"`;
        await sql.end();
        expect(row).toEqual({ n: 250, fixed: 3 });
      } finally {
        await relay.close();
        await own.drop();
      }
    },
    180_000,
  );
});

/** A checkpoint file changed by `edit`, with its checksum computed again as the tool computes it. */
function resummed(file: Buffer, edit: (data: CheckpointData) => void): Buffer {
  const { data } = JSON.parse(file.toString()) as { data: CheckpointData };
  edit(data);
  const checksum = createHash("sha256").update(JSON.stringify(data)).digest("hex");
  return Buffer.from(JSON.stringify({ checksum, data }, null, 1));
}

describe("a damaged or foreign checkpoint", () => {
  it("stops with exit 2 and one line saying what to do, writes nothing, until --restart", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    const path = join(cwd, CHECKPOINT);
    await killAt(source.url, pg, cwd, afterReading(500), 0);
    const good = readFileSync(path);
    // A real checkpoint of another pair of databases (the same source, another target).
    const otherCwd = workdir();
    await killAt(source.url, await emptyTarget(), otherCwd, afterReading(100), 0);
    const rng = new Rng(99);
    const cases: [string, Buffer, string][] = [
      ["truncated", good.subarray(0, Math.floor(good.length / 2)), "is corrupt (not JSON)"],
      ["empty", Buffer.alloc(0), "is corrupt (not JSON)"],
      ["garbage", Buffer.from(Array.from({ length: 700 }, () => rng.int(256))), "is corrupt (not JSON)"],
      ["foreign", readFileSync(join(otherCwd, CHECKPOINT)), "belongs to another pair of databases"],
      // Edited by hand and summed again: whole, and still not one this tool wrote.
      [
        "a cursor that is no _id",
        resummed(good, (d) => (d.tables.Users!.cursor = "garbage{")),
        "is corrupt (table Users has a cursor that is no Extended JSON _id)",
      ],
      // ({"v": {"$oid": "zz"}} is the id of a document whose _id is the subdocument {"$oid": "zz"}: src/transform/ejson.ts.)
      [
        "a failed id that is no _id",
        resummed(good, (d) => (d.failed = { Users: ['{"$oid":"zz"}'] })),
        "is corrupt (the failed ids of Users are not Extended JSON _ids)",
      ],
      [
        "a count that is text",
        resummed(good, (d) => ((d.tables.Users as { read: unknown }).read = "many")),
        "is corrupt (table Users has counts that are not whole numbers)",
      ],
    ];
    const hashes = await tableHashes(pg);
    const writes = await writeCounters(pg, { allSchemas: true });
    for (const [what, bytes, message] of cases) {
      writeFileSync(path, bytes);
      const r = await migrate(source.url, pg, cwd, ...BATCH);
      expect(r.code, `${what}: ${show(r)}`).toBe(2);
      const code = what === "foreign" ? "FOREIGN_CHECKPOINT" : "BAD_CHECKPOINT";
      expect(r.stderr.trim().split("\n"), what).toEqual([expect.stringMatching(new RegExp(`^error \\[${code}\\]: `))]);
      expect(r.stderr, what).toContain(`the checkpoint ${path} ${message}`);
      expect(readFileSync(path).equals(bytes), `${what}: the checkpoint is left as it was`).toBe(true);
    }
    expect(await writeCounters(pg, { allSchemas: true }), "no insert, update or delete in any table").toBe(writes);
    expect(await tableHashes(pg)).toEqual(hashes);

    await completesClean(source.url, pg, cwd, "--restart");
  });
});

describe("a disk that refuses the checkpoint", () => {
  it("full in the middle of a run: exit 2, one line naming the file and what to do; the rerun resumes", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    const path = join(cwd, CHECKPOINT);
    const run = startMigrate(source.url, pg, cwd, ...BATCH);
    await untilCheckpoint(run, cwd, source.url, pg, (cp) => cp.totals.read >= 300);
    // The checkpoint's temp file becomes /dev/full: the next write gets ENOSPC, as on a full disk.
    for (;;) {
      try {
        symlinkSync("/dev/full", `${path}.tmp`);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        await sleep(1); // the migrator is between its write and its rename
      }
    }
    const r = await run.done;
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[IO\]: .*ENOSPC/)]);
    expect(r.stderr).toContain(path);
    expect(checkpointAt(path, source.url, pg)!.totals.read, "the last good checkpoint is intact").toBeGreaterThanOrEqual(300);

    unlinkSync(`${path}.tmp`); // space freed
    const again = await completesClean(source.url, pg, cwd, ...BATCH);
    expect(again.stderr, "resumed: no warning, no table read again").toBe("");
  });

  it("a folder it cannot write in: refused before anything is written; a writable path then completes", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    // chmod stops an ordinary user; root writes through it, so there the "folder" is a file (ENOTDIR).
    const folder = join(cwd, "read-only");
    if (isRoot()) writeFileSync(folder, "");
    else {
      mkdirSync(folder);
      chmodSync(folder, 0o500);
    }
    const path = join(folder, CHECKPOINT);
    const r = await migrate(source.url, pg, cwd, "--checkpoint", path);
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[IO\]: /)]);
    expect(r.stderr).toContain(`cannot write ${path}: the folder ${folder}`);
    expect(Object.values(await rowCounts(pg)).every((n) => n === 0)).toBe(true);

    await completesClean(source.url, pg, cwd, "--checkpoint", join(cwd, "elsewhere.json"));
  });
});

describe("secrets", () => {
  const CANARY = /canary/i;

  /** Every file under `dir` (mode 0600) and every output seen: none may hold a canary. */
  function expectNoCanary(dir: string, outputs: string[]): string[] {
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
      .map((f) => join(dir, f))
      .filter((p) => statSync(p).isFile());
    for (const p of files) {
      expect(readFileSync(p, "latin1"), p).not.toMatch(CANARY);
      expect((statSync(p).mode & 0o777).toString(8), p).toBe("600");
    }
    for (const o of outputs) expect(o).not.toMatch(CANARY);
    return files.map((p) => p.slice(dir.length + 1)).sort();
  }

  it("canary passwords in both URLs and canary secrets in documents reach no artefact; secrets land exactly in PostgreSQL", async () => {
    // The MongoDB password needs percent-encoding (Canary%3AMg%2F7f3a9): both forms must be scrubbed.
    await withPasswords("Canary-Pw-7f3a9", "Canary:Mg/7f3a9", async ({ pg, mongoUrl, plainMongo }) => {
      const mongo = mongoUrl.href;
      await seedInto(plainMongo, { scale: 300, seed: 9, drop: true, quirks: false });

      const client = new MongoClient(plainMongo);
      const sdb = client.db();
      const user = (await sdb.collection("Users").find().sort({ _id: 1 }).limit(1).next())!;
      const ok = { user: new ObjectId(), key: new ObjectId(), notion: new ObjectId(), service: new ObjectId() };
      const secrets: [string, ObjectId, string, string][] = [
        ["Users", ok.user, "password", "Canary-Doc-password"],
        ["openAi_keys", ok.key, "api_key", "Canary-Doc-api_key"],
        ["secondBrain_notions", ok.notion, "notion_api_key", "Canary-Doc-notion_api_key"],
        ["systemServices", ok.service, "serviceKey", "Canary-Doc-serviceKey"],
        ["systemServices", ok.service, "servicePassword", "Canary-Doc-servicePassword"],
      ];
      await sdb.collection("Users").insertOne({
        ...user,
        _id: ok.user,
        email: "keeper@example.com",
        password: "Canary-Doc-password",
        resetToken: "Canary-Doc-resetToken",
      });
      await sdb
        .collection("openAi_keys")
        .insertOne({ _id: ok.key, __v: 0, user: user._id, organization_id: "org-1", api_key: "Canary-Doc-api_key" });
      await sdb
        .collection("secondBrain_notions")
        .insertOne({ _id: ok.notion, __v: 0, user: user._id, notion_api_key: "Canary-Doc-notion_api_key", notion_db_id: "db-1" });
      await sdb.collection("systemServices").insertOne({
        _id: ok.service,
        __v: 0,
        name: "smtp",
        serviceKey: "Canary-Doc-serviceKey",
        servicePassword: "Canary-Doc-servicePassword",
      });
      // The same kinds of documents, each failing: a fraction in __v (in the transform), a
      // duplicate e-mail (in PostgreSQL, found by splitting the batch), a NUL in the secret itself.
      const bad: [string, Document][] = [
        [
          "Users",
          {
            ...user,
            _id: new ObjectId(),
            email: "fraction@example.com",
            __v: 1.5,
            password: "Canary-Bad-1",
            resetToken: "Canary-Bad-2",
            settings: { smtp: { password: "Canary-Bad-3" } },
          },
        ],
        ["Users", { ...user, _id: new ObjectId(), password: "Canary-Bad-4" }],
        ["Users", { ...user, _id: new ObjectId(), email: "nul@example.com", password: "Canary-Bad-5\u0000" }],
        ["openAi_keys", { _id: new ObjectId(), __v: 1.5, user: user._id, organization_id: "org-2", api_key: "Canary-Bad-6" }],
        ["secondBrain_notions", { _id: new ObjectId(), __v: 1.5, user: user._id, notion_api_key: "Canary-Bad-7", notion_db_id: "db-2" }],
        ["systemServices", { _id: new ObjectId(), __v: 1.5, name: "imap", serviceKey: "Canary-Bad-8", servicePassword: "Canary-Bad-9" }],
      ];
      for (const [collection, doc] of bad) await sdb.collection(collection).insertOne(doc);

      const cwd = workdir();
      const outputs: string[] = [];
      const seen = (r: CliResult) => (outputs.push(r.stdout, r.stderr), r);

      // 1. Paused (URLs from the environment), leaving its checkpoint behind.
      const env = { MONGODB_URL: mongo, POSTGRES_URL: pg };
      const paused = startCli(["migrate", "--batch-size", "5"], env, cwd);
      await paused.waitFor(/crm_Accounts \[/);
      paused.child.kill("SIGINT");
      expect(seen(await paused.done).code).toBe(130);
      expect(expectNoCanary(cwd, outputs)).toEqual(["migration-checkpoint.json", "migration-errors.log", "migration-report.json"]);

      // 2. Resumed (URLs as flags): the bad documents are logged, redacted.
      const resumed = seen(await migrate(mongo, pg, cwd));
      expect(resumed.code, show(resumed)).toBe(1);
      const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
      expect(report.failed.map((f: { mongoId: string }) => f.mongoId).sort()).toEqual(bad.map(([, d]) => d._id.toHexString()).sort());
      const log = readFileSync(join(cwd, "migration-errors.log"), "utf8");
      for (const field of ["password", "resetToken", "api_key", "notion_api_key", "serviceKey", "servicePassword"])
        expect(log).toContain(`"${field}": "[redacted]"`);
      expect(log).toMatch(/"smtp": \{\s+"password": "\[redacted\]"/);
      expect(log).toContain("Users_email_key");

      // 3. Migrated exactly: the secrets read back from their columns.
      const sql = postgres(pg, { max: 1, onnotice: () => {} });
      for (const [table, id, column, value] of secrets) {
        const [row] = await sql.unsafe(`select "${column}" as v from "${table}" where id = $1`, [uuidFor(id)]);
        expect(row?.v, `${table}.${column}`).toBe(value);
      }
      const [kept] =
        await sql`select data->'fields'->>'resetToken' as v from nextcrm_migrate.unmapped where table_name = 'Users' and id = ${uuidFor(ok.user)}`;
      expect(kept?.v).toBe("Canary-Doc-resetToken");

      // 4. A validation that finds the secrets changed in PostgreSQL shows them redacted.
      await sql`update "Users" set password = 'Canary-Changed-1' where id = ${uuidFor(ok.user)}`;
      await sql`update "openAi_keys" set api_key = 'Canary-Changed-2' where id = ${uuidFor(ok.key)}`;
      await sql`update nextcrm_migrate.unmapped set data = jsonb_set(data, '{fields,resetToken}', '"Canary-Changed-3"') where table_name = 'Users' and id = ${uuidFor(ok.user)}`;
      await sql.end();
      const validation = seen(await runCli(["validate", "--full"], { DATABASE_URL: mongo, POSTGRES_URL: pg }, cwd));
      expect(validation.code, show(validation)).toBe(1);
      const vreport = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
      const changed = vreport.sampleRecordValidation.fieldMismatches.map(
        (m: Record<string, string>) => `${m.table}.${m.field} ${m.source} ${m.target}`,
      );
      expect(changed.sort()).toEqual([
        'Users.password "[redacted]" "[redacted]"',
        'Users.resetToken "[redacted]" "[redacted]"',
        'openAi_keys.api_key "[redacted]" "[redacted]"',
      ]);
      expect(expectNoCanary(cwd, outputs)).toEqual([
        "migration-checkpoint.json",
        "migration-errors.log",
        "migration-report.json",
        "migration-validation-report.json",
      ]);

      // 5. The bad documents removed at the source, a rerun brings everything in line.
      for (const [collection, doc] of bad) await sdb.collection(collection).deleteOne({ _id: doc._id });
      await client.close();
      expect(seen(await migrate(mongo, pg, cwd, "--restart")).code).toBe(0);
      expect(seen(await runCli(["validate", "--full", "--mongo", mongo, "--postgres", pg], {}, cwd)).code).toBe(0);
      expectNoCanary(cwd, outputs);
    });
  });
});

describe("messages with the most common passwords", () => {
  it("stay readable word for word: only the password's own place is masked", async () => {
    // The first thing a new user tries: the server's superuser, its name as its password.
    const server = new URL(inject("postgresUrl"));
    const unreachable = await runCli(["schema", "check", "--postgres", `postgres://postgres:postgres@127.0.0.1:${server.port}/nextcrm`]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr.trim()).toBe(
      `error [UNREACHABLE]: PostgreSQL at postgres://postgres:***@127.0.0.1:${server.port}/nextcrm could not be reached: password authentication failed for user "postgres" (check the user and password); check that the server runs and the URL is right.`,
    );

    // PostgreSQL's password "admin", MongoDB's "p", and a document that fails on is_admin.
    await withPasswords("admin", "p", async ({ pg, pgUrl, mongoUrl, plainMongo }) => {
      const client = new MongoClient(plainMongo);
      const bad = new ObjectId();
      await client
        .db()
        .collection("Users")
        .insertMany([
          {
            _id: new ObjectId(),
            __v: 0,
            email: "ok@example.com",
            is_admin: true,
            is_account_admin: false,
            created_on: new Date(0),
            userStatus: "ACTIVE",
            userLanguage: "en",
          },
          {
            _id: bad,
            __v: 0,
            email: "bad@example.com",
            is_admin: "yes",
            is_account_admin: false,
            created_on: new Date(0),
            userStatus: "ACTIVE",
            userLanguage: "en",
          },
        ]);
      await client.close();
      const cwd = workdir();
      const r = await runCli(["migrate", "--tables", "Users", "--mongo", mongoUrl.href, "--postgres", pg], {}, cwd);
      expect(r.code, show(r)).toBe(1);
      const masked = (u: URL) => Object.assign(new URL(u.href), { password: "***" }).href.replace("%2A%2A%2A", "***");
      expect(r.stdout.split("\n")[0]).toBe(`NextCRM MongoDB → PostgreSQL migration: ${masked(mongoUrl)} → ${masked(pgUrl)}`);
      expect(r.stdout).toContain(`Users ${bad.toHexString()}: is_admin: expected a boolean, got string`);
      const log = readFileSync(join(cwd, "migration-errors.log"), "utf8");
      expect(log).toContain("Error: is_admin: expected a boolean, got string");
      expect(log).toContain(`"is_admin": "yes"`);
      for (const out of [r.stdout, r.stderr, log]) {
        expect(out).not.toContain(":admin@");
        expect(out).not.toContain(":p@");
        expect(out).not.toContain("***ostgre");
      }
    });
  });
});

describe("TLS options in the URLs", () => {
  it("libpq's sslmode, sslrootcert, sslcert and sslkey become postgres.js's TLS options", () => {
    const dir = workdir();
    for (const f of ["ca.pem", "client.pem", "client.key"]) writeFileSync(join(dir, f), f);
    const url = (q: string) => `postgres://me:pw@db.example.com:5432/nextcrm?application_name=x&${q}`;
    const rest = "postgres://me:pw@db.example.com:5432/nextcrm?application_name=x";
    // Left to postgres.js, which reads sslmode itself (and sslrootcert=system).
    expect(postgresTls(url("sslmode=require"))).toEqual({ url: url("sslmode=require") });
    expect(postgresTls(url("sslmode=verify-full&sslrootcert=system"))).toEqual({ url: url("sslmode=verify-full&sslrootcert=system") });
    // verify-full: Node's defaults check the chain (against the given CA) and the host name.
    expect(postgresTls(url(`sslmode=verify-full&sslrootcert=${dir}/ca.pem`))).toEqual({ url: rest, ssl: { ca: Buffer.from("ca.pem") } });
    // verify-ca, and require with a CA file (as libpq): the chain only.
    for (const mode of ["verify-ca", "require"]) {
      const { ssl } = postgresTls(url(`sslmode=${mode}&sslrootcert=${dir}/ca.pem`));
      expect(ssl).toEqual({ ca: Buffer.from("ca.pem"), checkServerIdentity: expect.any(Function) });
    }
    expect(postgresTls(url(`sslmode=require&sslcert=${dir}/client.pem&sslkey=${dir}/client.key`))).toEqual({
      url: rest,
      ssl: { cert: Buffer.from("client.pem"), key: Buffer.from("client.key"), rejectUnauthorized: false },
    });
    expect(postgresTls(url(`sslmode=disable&sslrootcert=${dir}/ca.pem`))).toEqual({ url: rest, ssl: false });
    let error: unknown;
    try {
      postgresTls(url(`sslmode=verify-full&sslrootcert=${dir}/missing.pem`));
    } catch (e) {
      error = e;
    }
    expect(isMigrateError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toContain(`cannot read sslrootcert=${dir}/missing.pem of the PostgreSQL URL (ENOENT)`);
  });

  it("migrate and validate --full run over TLS to both servers, verified against a private CA; plain and wrong-CA connections fail", async () => {
    const dir = workdir();
    const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    for (const ca of ["ca", "other-ca"])
      openssl("req", "-x509", ...ec, "-keyout", `${ca}.key`, "-out", `${ca}.pem`, "-days", "2", "-subj", `/CN=nextcrm test ${ca}`);
    openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    writeFileSync(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl(
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.pem",
      "-days",
      "2",
      "-extfile",
      "san.ext",
    );
    const ca = join(dir, "ca.pem");
    const otherCa = join(dir, "other-ca.pem");

    const ferret = await startFerretdb({ tls: { certFile: join(dir, "server.pem"), keyFile: join(dir, "server.key") } });
    const server = await startPostgres();
    try {
      // PostgreSQL with TLS on, and every connection without it refused: a success proves TLS.
      for (const f of ["server.pem", "server.key"]) copyFileSync(join(dir, f), join(server.dir, f));
      chmodSync(join(server.dir, "server.key"), 0o600);
      if (isRoot()) await execFileAsync("chown", ["postgres:postgres", join(server.dir, "server.pem"), join(server.dir, "server.key")]);
      const hba = join(server.dir, "data", "pg_hba.conf");
      writeFileSync(hba, `hostnossl all all all reject\n${readFileSync(hba, "utf8")}`);
      const su = postgres(server.url, { max: 1, onnotice: () => {} });
      await su.unsafe(`alter system set ssl = on`);
      await su.unsafe(`alter system set ssl_cert_file = '${join(server.dir, "server.pem")}'`);
      await su.unsafe(`alter system set ssl_key_file = '${join(server.dir, "server.key")}'`);
      await su`select pg_reload_conf()`;
      await su.end();

      const pg = `${server.url}?sslmode=verify-full&sslrootcert=${ca}`;
      const mongo = `${ferret.tlsUrl}/tls?tls=true&tlsCAFile=${ca}`;
      // Refused, exit 3: plain to a TLS-only server, or a certificate the given CA did not sign.
      const refused: [string[], string][] = [
        [["schema", "check", "--postgres", server.url], "the server accepts only TLS: add sslmode=verify-full&sslrootcert=<CA file>"],
        [
          ["schema", "check", "--postgres", `${server.url}?sslmode=verify-full&sslrootcert=${otherCa}`],
          "unable to verify the first certificate",
        ],
        [["seed", "--scale", "10", "--mongo", `${ferret.tlsUrl}/tls?serverSelectionTimeoutMS=2000`], "could not be reached"],
        [
          ["seed", "--scale", "10", "--mongo", `${ferret.tlsUrl}/tls?tls=true&tlsCAFile=${otherCa}&serverSelectionTimeoutMS=2000`],
          "unable to verify the first certificate",
        ],
      ];
      for (const [args, message] of refused) {
        const r = await runCli(args);
        expect(r.code, `${args.join(" ")}: ${show(r)}`).toBe(3);
        expect(r.stderr).toMatch(/^error \[UNREACHABLE\]: /m);
        expect(r.stderr).toContain(message);
      }

      expect((await runCli(["seed", "--scale", "300", "--seed", "4", "--clean-data", "--mongo", mongo])).code).toBe(0);
      const applied = await runCli(["schema", "apply", "--postgres", pg]);
      expect(applied.code, show(applied)).toBe(0);
      const r = await migrate(mongo, pg, workdir());
      expect(r.code, show(r)).toBe(0);
      await expectValid(mongo, pg);
    } finally {
      await Promise.all([ferret.dispose(), server.dispose()]);
    }
  });
});
