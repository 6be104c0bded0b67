// The migrator end to end, on a seeded database with quirks, real FerretDB and PostgreSQL.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { collections, junctions } from "../../src/map/collections.js";
import { fingerprint, loadCheckpoint, saveCheckpoint } from "../../src/migrate/checkpoint.js";
import { seedDatabase } from "../../src/seed/seed.js";
import { encodeId } from "../../src/mongo/read.js";
import { runCli, startCli, workdir } from "../helpers/cli.js";
import { newMongo, newPostgres, type Disposable } from "../helpers/databases.js";
import { rowCounts, sourceHash, tableHashes, writeCounters } from "../helpers/snapshots.js";

const SCALE = 4000;
let source: Disposable;
const targets: Disposable[] = [];

async function emptyTarget(): Promise<string> {
  const t = await newPostgres({ schema: true });
  targets.push(t);
  return t.url;
}

const migrate = (pg: string, cwd: string, ...args: string[]) =>
  runCli(["migrate", "--mongo", source.url, "--postgres", pg, ...args], {}, cwd);

beforeAll(async () => {
  source = newMongo();
  const u = new URL(source.url);
  await seedDatabase({ mongoUrl: source.url, mongoDb: u.pathname.slice(1), scale: SCALE, seed: 3, drop: true, quirks: true });
});

afterAll(async () => {
  await source.drop();
  for (const t of targets) await t.drop();
});

/** Distinct (c0, c1) pairs from both sides' arrays whose two ends exist in the target. */
async function expectedPairs(pg: string): Promise<Record<string, number>> {
  const client = new MongoClient(source.url);
  const sql = postgres(pg, { max: 1 });
  try {
    const out: Record<string, number> = {};
    for (const j of junctions) {
      const pairs = new Set<string>();
      for (const side of j.sides) {
        const selfFirst = side.field.selfColumn === j.columns[0]!.name;
        for await (const doc of client
          .db()
          .collection(side.collection)
          .find({}, { projection: { [side.field.field]: 1 } })) {
          for (const e of doc[side.field.field] ?? []) {
            if (!(e instanceof ObjectId) && !(typeof e === "string" && /^[0-9a-f]{24}$/i.test(e))) continue;
            const [a, b] = selfFirst ? [uuidFor(doc._id), uuidFor(e)] : [uuidFor(e), uuidFor(doc._id)];
            pairs.add(`${a}|${b}`);
          }
        }
      }
      const [c0, c1] = j.columns;
      const ids0 = new Set((await sql.unsafe(`select id from "${c0!.references}"`)).map((r) => r.id as string));
      const ids1 = new Set((await sql.unsafe(`select id from "${c1!.references}"`)).map((r) => r.id as string));
      out[j.name] = [...pairs].filter((p) => ids0.has(p.split("|")[0]!) && ids1.has(p.split("|")[1]!)).length;
    }
    return out;
  } finally {
    await client.close();
    await sql.end();
  }
}

async function sourceCounts(): Promise<Record<string, number>> {
  const client = new MongoClient(source.url);
  try {
    const out: Record<string, number> = {};
    for (const c of collections) out[c.collection] = await client.db().collection(c.collection).countDocuments();
    return out;
  } finally {
    await client.close();
  }
}

describe("migrate", () => {
  let cleanTarget: string;
  let cleanHashes: Record<string, string>;

  it("moves every document: rows = source − logged failures, pairs = deduplicated union, repairs where the quirks were", async () => {
    const before = await sourceHash(source.url);
    cleanTarget = await emptyTarget();
    const cwd = workdir();
    const r = await migrate(cleanTarget, cwd);
    expect([0, 1], r.stderr).toContain(r.code);
    const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    expect(statSync(join(cwd, "migration-report.json")).mode & 0o777).toBe(0o600);

    const src = await sourceCounts();
    const rows = await rowCounts(cleanTarget);
    // Sections of deleted boards are kept under one stub board per missing board.
    const client = new MongoClient(source.url);
    const boards = new Set((await client.db().collection("Boards").distinct("_id")).map((id: ObjectId) => id.toHexString()));
    const failedIds = new Set(report.failed.map((f: { mongoId: string }) => f.mongoId));
    const orphans = (
      await client
        .db()
        .collection("Sections")
        .find({}, { projection: { board: 1 } })
        .toArray()
    ).filter((d) => !failedIds.has(d._id.toHexString()) && d.board && !boards.has(String(d.board).toLowerCase()));
    const stubs = { Boards: new Set(orphans.map((d) => String(d.board).toLowerCase())).size } as Record<string, number>;
    expect(stubs.Boards).toBeGreaterThan(0);
    expect(report.tables.Sections.repairs.stub).toBe(orphans.length);
    for (const c of collections) {
      const failed = report.failed.filter((f: { table: string }) => f.table === c.collection).length;
      expect(rows[c.collection], c.collection).toBe(src[c.collection]! - failed + (stubs[c.collection] ?? 0));
      const t = report.tables[c.collection];
      expect(t.migrated + t.repaired + t.failed, `${c.collection}: every document in exactly one state`).toBe(src[c.collection]);
    }
    const pairs = await expectedPairs(cleanTarget);
    for (const j of junctions) expect(rows[j.name], j.name).toBe(pairs[j.name]);

    // The seed points a quarter of the comments at CRM account tasks: each is a redirect repair.
    const accountTaskIds: ObjectId[] = await client.db().collection("crm_Accounts_Tasks").distinct("_id");
    // The app stored ids as ObjectIds and, now and then, as hex strings: both count.
    const anyForm = [...accountTaskIds, ...accountTaskIds.map((id) => id.toHexString())];
    const redirected = await client
      .db()
      .collection("tasksComments")
      .countDocuments({ task: { $in: anyForm } });
    await client.close();
    expect(redirected).toBeGreaterThan(0);
    expect(report.tables.tasksComments.repairs.redirect).toBe(redirected);
    const sql = postgres(cleanTarget, { max: 1 });
    const [moved] = await sql`select count(*)::int as n from "tasksComments" where task is null and assigned_crm_account_task is not null`;
    expect(moved!.n).toBe(redirected);
    const [kept] =
      await sql`select count(*)::int as n from nextcrm_migrate.unmapped where table_name = 'tasksComments' and data->'repaired'->'task'->>'kind' = 'redirect'`;
    expect(kept!.n).toBe(redirected);
    await sql.end();

    cleanHashes = await tableHashes(cleanTarget);
    expect(await sourceHash(source.url), "the source is never written").toBe(before);
    expect(existsSync(join(cwd, "migration-checkpoint.json"))).toBe(report.failed.length > 0);
  });

  it("changes nothing when run again on unchanged data", async () => {
    const cwd = workdir();
    const before = await writeCounters(cleanTarget);
    const r = await migrate(cleanTarget, cwd, "--restart");
    expect([0, 1]).toContain(r.code);
    expect(await tableHashes(cleanTarget)).toEqual(cleanHashes);
    expect(await writeCounters(cleanTarget)).toBe(before);
  });

  it("writes a readable line-per-update log when stdout is not a terminal", async () => {
    const pg = await emptyTarget();
    const r = await migrate(pg, workdir(), "--batch-size", "500");
    const lines = r.stdout.split("\n");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what it looks for
    expect(r.stdout).not.toMatch(/\u001b\[/); // no cursor movement or colour codes
    expect(lines.some((l) => /crm_Contacts/.test(l))).toBe(true);
    expect(lines.some((l) => /\d+% [\d,]+\/[\d,]+ · [\d,]+ rec\/s · ETA/.test(l))).toBe(true);
    expect(lines.some((l) => /^table\s+read\s+migrated\s+repaired\s+failed\s+time/.test(l))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThan(200);
  });

  it("stops before any write, exit 2, when the target has no schema or a different one", async () => {
    const empty = await newPostgres();
    targets.push(empty);
    const r = await migrate(empty.url, workdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[SCHEMA_MISSING\]: /m);

    const pg = await emptyTarget();
    const sql = postgres(pg, { max: 1 });
    await sql`alter table "Users" drop column "avatar"`;
    await sql.end();
    const r2 = await migrate(pg, workdir());
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^error \[SCHEMA_DIFFERS\]: .*Users\.avatar/m);
    expect((await rowCounts(pg)).Users).toBe(0);
  });

  it("pauses on SIGINT with exit 130 and a checkpoint, and the rerun completes", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg, "--batch-size", "50"], {}, cwd);
    // Once a batch of crm_Contacts is committed, the pause lands inside the table.
    await run.waitFor(/crm_Contacts \[/);
    const cp = join(cwd, "migration-checkpoint.json");
    const contactsStarted = () => {
      try {
        return !!JSON.parse(readFileSync(cp, "utf8")).data.tables.crm_Contacts?.cursor;
      } catch {
        return false; // between the temp file and the rename
      }
    };
    while (!contactsStarted()) await new Promise((r) => setTimeout(r, 10));
    run.child.kill("SIGINT");
    const r = await run.done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("Resume with the same command");
    expect(existsSync(join(cwd, "migration-checkpoint.json"))).toBe(true);
    expect(statSync(join(cwd, "migration-checkpoint.json")).mode & 0o777).toBe(0o600);
    // `status` shows where the run stopped next to the live counts of both sides.
    const status = await runCli(["status", "--mongo", source.url, "--postgres", pg], {}, cwd);
    expect(status.code, status.stderr).toBe(0);
    const line = (table: string) =>
      status.stdout
        .split("\n")
        .find((l) => l.startsWith(`${table} `))!
        .trim()
        .split(/ {2,}/);
    const counts = await rowCounts(pg);
    expect(line("Users")).toEqual(["Users", "done", expect.any(String), "0", expect.any(String), counts.Users!.toLocaleString("en-US")]);
    expect(line("crm_Contacts")[1]).toBe("in progress");
    // Tables that do not reference crm_Contacts may be done already; its junctions cannot be.
    expect(line("ContactsToOpportunities")[1]).toBe("not started");
    const again = await migrate(pg, cwd, "--batch-size", "50");
    expect([0, 1]).toContain(again.code);
    expect(await tableHashes(pg)).toEqual(cleanHashes);
  });

  // Dropped, or emptied as crash recovery empties an unlogged table (keeping the table).
  it.each(["drop table", "truncate"])(
    "re-reads everything, counting each document once, when the junction stage of a paused run is lost (%s)",
    async (loss) => {
      const pg = await emptyTarget();
      const cwd = workdir();
      const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg, "--batch-size", "100"], {}, cwd);
      await run.waitFor(/› Tasks \[/);
      run.child.kill("SIGINT");
      expect((await run.done).code).toBe(130);
      const sql = postgres(pg, { max: 1, onnotice: () => {} });
      await sql.unsafe(`${loss} nextcrm_migrate.junction_stage`);
      await sql.end();
      const again = await migrate(pg, cwd, "--batch-size", "100");
      expect([0, 1], again.stderr).toContain(again.code);
      expect(again.stderr).toContain("the junction stage of the interrupted run is missing");
      const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
      expect(report.totals.read).toBe(Object.values(await sourceCounts()).reduce((a, b) => a + b, 0));
      expect(await tableHashes(pg)).toEqual(cleanHashes);
    },
  );

  it("stops, naming the cause, when the junction stage is emptied while the run goes on, and the next run re-reads everything", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg, "--batch-size", "100"], {}, cwd);
    await run.waitFor(/› Tasks \[/);
    // What crash recovery or a failover leaves of an unlogged table: the table, empty.
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    await sql`truncate nextcrm_migrate.junction_stage`;
    const lost = await run.done;
    expect(lost.code, lost.stderr).toBe(1);
    expect(lost.stderr).toMatch(/^error \[SERVER\]: /m);
    // The run staged on after the loss: rows the next run must not keep beside what it reads again.
    const [after] = await sql`select count(*)::int as n from nextcrm_migrate.junction_stage`;
    expect(after!.n).toBeGreaterThan(0);
    await sql.end();
    const again = await migrate(pg, cwd, "--batch-size", "100");
    expect([0, 1], again.stderr).toContain(again.code);
    expect(again.stderr).toContain("the junction stage of the interrupted run is missing");
    expect(await tableHashes(pg)).toEqual(cleanHashes);
  });

  it("a new pass of some tables keeps the other tables' failed documents listed for --retry-failed", async () => {
    const pg = await emptyTarget();
    const cwd = workdir();
    expect((await migrate(pg, cwd)).code).toBe(1);
    const path = join(cwd, "migration-checkpoint.json");
    const before = loadCheckpoint(path, fingerprint(source.url), fingerprint(pg))!;
    const others = Object.entries(before.failed).filter(([table, ids]) => table !== "Users" && ids.length);
    expect(others.length, "the seed's quirks fail documents of tables other than Users").toBeGreaterThan(0);
    const users = await migrate(pg, cwd, "--tables", "Users");
    expect([0, 1], users.stderr).toContain(users.code);
    if (users.code === 0) expect(users.stdout).toContain("documents of tables this run did not cover failed before");
    const after = loadCheckpoint(path, fingerprint(source.url), fingerprint(pg));
    expect(after, "the checkpoint is kept").toBeDefined();
    for (const [table, ids] of others) expect(after!.failed[table], table).toEqual(ids);
    // A junction of Users was staged again and not synced: it has no state to keep; the others keep theirs.
    for (const j of junctions) {
      const touched = j.sides.some((s) => s.collection === "Users") || j.columns.some((c) => c.references === "Users");
      expect(after!.junctions[j.name], j.name).toEqual(touched ? undefined : before.junctions[j.name]);
    }
    const retry = await migrate(pg, cwd, "--retry-failed");
    expect(retry.code, retry.stderr).toBe(1);
    expect(retry.stdout).toContain("failed");
  });

  /** A run that failed some documents (the seed's quirks: the checkpoint stays), whose stage is then lost. */
  async function failedRunWithoutStage(): Promise<{ pg: string; cwd: string }> {
    const pg = await emptyTarget();
    const cwd = workdir();
    expect((await migrate(pg, cwd)).code).toBe(1);
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    await sql`drop table nextcrm_migrate.junction_stage`;
    await sql.end();
    return { pg, cwd };
  }

  it("a new pass of some tables over a new stage says the other tables' failed documents are no longer listed", async () => {
    const { pg, cwd } = await failedRunWithoutStage();
    const users = await migrate(pg, cwd, "--tables", "Users");
    expect(users.stderr).toMatch(
      /the junction stage is new, so the failed documents of .+ are no longer listed; migrate those tables again to retry them/,
    );
  });

  it("re-reads everything, and keeps every pair, when --retry-failed finds the stage gone", async () => {
    const { pg, cwd } = await failedRunWithoutStage();
    const retry = await migrate(pg, cwd, "--retry-failed");
    expect(retry.code, retry.stderr).toBe(1);
    expect(retry.stderr).toContain("the junction stage of the last run is missing; re-reading every table, not only the failed ids");
    expect(await tableHashes(pg)).toEqual(cleanHashes);
  });

  it("stages each document's arrays once when batches committed after the last checkpoint are read again", async () => {
    // kill -9 between a batch's commit and its checkpoint leaves that batch staged but not recorded.
    // Rewinding a paused run's checkpoint makes the same state, wider and on purpose.
    const pg = await emptyTarget();
    const cwd = workdir();
    const cp = join(cwd, "migration-checkpoint.json");
    const [from, to] = [fingerprint(source.url), fingerprint(pg)];
    const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg, "--batch-size", "50"], {}, cwd);
    const contactsRead = () => {
      try {
        return loadCheckpoint(cp, from, to)?.tables.crm_Contacts?.read ?? 0;
      } catch {
        return 0; // between the temp file and the rename
      }
    };
    while (contactsRead() < 400) await new Promise((r) => setTimeout(r, 10));
    run.child.kill("SIGINT");
    expect((await run.done).code).toBe(130);
    const data = loadCheckpoint(cp, from, to)!;
    const client = new MongoClient(source.url);
    const [fiftieth] = await client
      .db()
      .collection("crm_Contacts")
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .skip(49)
      .limit(1)
      .toArray();
    await client.close();
    Object.assign(data.tables.crm_Contacts!, { cursor: encodeId(fiftieth!._id), read: 50, done: false });
    await saveCheckpoint(cp, data);
    const again = await migrate(pg, cwd, "--batch-size", "50");
    expect([0, 1], again.stderr).toContain(again.code);
    expect(await tableHashes(pg)).toEqual(cleanHashes);
  });

  it("counts a failed document once when a resume reads it again", async () => {
    // A checkpoint saved after a document failed and before its batch committed (a junction sync
    // saves in between) lists the id with the cursor still before it; made here on purpose.
    const own = newMongo();
    try {
      const client = new MongoClient(own.url);
      const users = Array.from({ length: 250 }, (_, i) => ({
        _id: new ObjectId(),
        email: `u${i}@example.com`,
        name: `u${i}`,
        created_on: new Date(0),
      }));
      for (const i of [10, 120, 240]) delete (users[i] as { email?: string }).email;
      await client.db().collection("Users").insertMany(users);
      await client.close();
      const pg = await emptyTarget();
      const cwd = workdir();
      const cp = join(cwd, "migration-checkpoint.json");
      const [from, to] = [fingerprint(own.url), fingerprint(pg)];
      const run = () => runCli(["migrate", "--mongo", own.url, "--postgres", pg, "--batch-size", "100", "--tables", "Users"], {}, cwd);
      expect((await run()).code).toBe(1);
      const clean = loadCheckpoint(cp, from, to)!;
      const ids = clean.failed.Users!;
      expect(ids).toHaveLength(3);
      const t = clean.tables.Users!;
      const counts = { read: 250, migrated: t.migrated, repaired: t.repaired, failed: 3 };
      Object.assign(clean.totals, { read: 0, migrated: 0, repaired: 0 });
      Object.assign(t, { cursor: null, read: 0, migrated: 0, repaired: 0, done: false });
      clean.complete = false;
      await saveCheckpoint(cp, clean);

      expect((await run()).code).toBe(1);
      const after = loadCheckpoint(cp, from, to)!;
      expect(after.failed.Users).toEqual(ids);
      expect(after.tables.Users).toMatchObject(counts);
      expect(after.totals).toMatchObject(counts);
      expect(JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")).totals.failed).toBe(3);

      // Fixed at the source before the resume reads it again: it commits, and leaves the failed list.
      const fix = new MongoClient(own.url);
      await fix
        .db()
        .collection("Users")
        .updateOne({ _id: users[120]!._id }, { $set: { email: "fixed@example.com" } });
      await fix.close();
      const rewound = loadCheckpoint(cp, from, to)!;
      Object.assign(rewound.tables.Users!, { cursor: null, read: 0, migrated: 0, repaired: 0, done: false });
      rewound.complete = false;
      await saveCheckpoint(cp, rewound);
      expect((await run()).code).toBe(1);
      const fixed = loadCheckpoint(cp, from, to)!;
      expect(fixed.failed.Users).toEqual(ids.filter((id) => !id.includes(users[120]!._id.toHexString())));
      expect(fixed.tables.Users).toMatchObject({ read: 250, failed: 2 });
      expect(fixed.tables.Users!.migrated + fixed.tables.Users!.repaired).toBe(248);
      expect(JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")).failed).toHaveLength(2);
    } finally {
      await own.drop();
    }
  });

  it("after kill -9 at three different points, each rerun ends identical to a clean run", async () => {
    // Mid-table, in a later table, and between junction syncs.
    for (const marker of [/crm_Accounts \[/, /› Tasks \[/, /✔ DocumentsTo\w+:/]) {
      const pg = await emptyTarget();
      const cwd = workdir();
      const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg, "--batch-size", "100"], {}, cwd);
      await run.waitFor(marker);
      run.child.kill("SIGKILL");
      expect((await run.done).signal).toBe("SIGKILL");
      const again = await migrate(pg, cwd, "--batch-size", "100");
      expect([0, 1], again.stderr).toContain(again.code);
      expect(await tableHashes(pg), `killed at ${marker}`).toEqual(cleanHashes);
      // The report of the resumed run counts each document once: its totals are the sum of its
      // tables, every table's read is migrated + repaired + failed, and all of it the source.
      const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
      const tables = Object.values(report.tables) as { read: number; migrated: number; repaired: number; failed: number }[];
      const sum = (k: "read" | "migrated" | "repaired" | "failed") => tables.reduce((a, t) => a + t[k], 0);
      expect(report.totals, `killed at ${marker}`).toEqual({
        read: sum("read"),
        migrated: sum("migrated"),
        repaired: sum("repaired"),
        failed: sum("failed"),
      });
      for (const t of tables) expect(t.read).toBe(t.migrated + t.repaired + t.failed);
      expect(report.totals.read).toBe(Object.values(await sourceCounts()).reduce((a, b) => a + b, 0));
      expect(report.failed).toHaveLength(report.totals.failed);
    }
  });
});
