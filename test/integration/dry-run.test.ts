// migrate --dry-run: on seeded data with quirks, its outcome per table, per failed document, per
// repair kind and per junction equals that of a real migration of the same data afterwards, and
// the PostgreSQL it checks is left as it was.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDryRun, type DryRunResult } from "../../src/dryrun/run.js";
import { uuidFor } from "../../src/identity.js";
import { runMigration } from "../../src/migrate/run.js";
import { runValidation } from "../../src/validate/run.js";
import { runCli, workdir } from "../helpers/cli.js";
import { newMongo, newPostgres, seedInto, type Disposable } from "../helpers/databases.js";
import { relations, tableHashes, writeCounters } from "../helpers/snapshots.js";

let source: Disposable;
let target: Disposable;
let dry: DryRunResult;
let before: { hashes: Record<string, string>; relations: string[]; writes: number };
const extra = { user: new ObjectId(), section: new ObjectId(), missingBoard: new ObjectId() };

/** Every relation, and how many advisory locks this database holds. */
async function relationsAndLocks(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [locks] = await sql<
      { n: number }[]
    >`select count(*)::int as n from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
    return [...(await relations(url)), `advisory locks: ${locks!.n}`];
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  source = newMongo();
  target = await newPostgres({ schema: true });
  await seedInto(source.url, { scale: 3000, seed: 5, drop: true, quirks: true });
  // What the seed's quirks do not make: a second user with a taken email (PostgreSQL refuses
  // it), a section of a board that does not exist (a stub), and a collection NextCRM lacks.
  const client = new MongoClient(source.url);
  try {
    const db = client.db();
    const first = await db.collection("Users").find().sort({ _id: 1 }).limit(1).next();
    await db.collection("Users").insertOne({ ...first, _id: extra.user, name: "Twin of the first user" });
    const section = await db.collection("Sections").findOne({});
    await db.collection("Sections").insertOne({ ...section, _id: extra.section, board: extra.missingBoard });
    await db.collection("legacy_notes").insertOne({ note: "not NextCRM's" });
  } finally {
    await client.close();
  }
  before = {
    hashes: await tableHashes(target.url),
    relations: await relationsAndLocks(target.url),
    writes: await writeCounters(target.url, { allSchemas: true }),
  };
  dry = await runDryRun({ mongoUrl: source.url, mongoDb: new URL(source.url).pathname.slice(1), postgresUrl: target.url });
});

afterAll(async () => {
  await source?.drop();
  await target?.drop();
});

describe("migrate --dry-run", () => {
  it("leaves the PostgreSQL it checks as it was: no row, no table, no lock, no write", async () => {
    expect(dry.postgresChecked).toBe(true);
    expect(await tableHashes(target.url)).toEqual(before.hashes);
    expect(await relationsAndLocks(target.url)).toEqual(before.relations);
    expect(await writeCounters(target.url, { allSchemas: true })).toBe(before.writes);
  });

  it("finds what a real migration of the same data then does, exactly", async () => {
    const dir = workdir();
    const real = await runMigration({
      mongoUrl: source.url,
      mongoDb: new URL(source.url).pathname.slice(1),
      postgresUrl: target.url,
      checkpointPath: join(dir, "cp.json"),
      errorLogPath: join(dir, "errors.log"),
    });
    const outcome = (r: { tables: DryRunResult["tables"] }) =>
      Object.fromEntries(
        Object.entries(r.tables).map(([n, t]) => [
          n,
          { read: t.read, migrated: t.migrated, repaired: t.repaired, failed: t.failed, repairs: t.repairs },
        ]),
      );
    expect(outcome(dry)).toEqual(outcome(real));
    const failures = (list: { table: string; mongoId: string; message: string }[]) =>
      list.map((f) => `${f.table} ${f.mongoId}: ${f.message}`).sort();
    expect(failures(dry.failures)).toEqual(failures(real.failures));
    expect(dry.junctions).toEqual(real.junctions);
    expect(dry.unknownCollections).toEqual(real.unknownCollections);
    // The quirks are all there: else the equalities above would prove little.
    expect(failures(dry.failures)).toContain(
      `Users ${extra.user.toHexString()}: duplicate key value violates unique constraint "Users_email_key"`,
    );
    expect(dry.totals.failed).toBeGreaterThan(1);
    for (const kind of ["stub", "danglingToNull", "missingToDefault", "missingVersion"])
      expect(dry.totals.repaired, kind).toBeGreaterThan(0), expect(Object.values(dry.tables).some((t) => t.repairs[kind])).toBe(true);
    expect(Object.values(dry.junctions).some((j) => j.dangling > 0)).toBe(true);
    expect(dry.unknownCollections.map((u) => u.name)).toEqual(["legacy_notes"]);

    // The stub board is owned by whom the dry run named.
    const sql = postgres(target.url, { max: 1, onnotice: () => {} });
    try {
      const [board] = await sql<{ user: string }[]>`select "user" from "Boards" where id = ${uuidFor(extra.missingBoard)}`;
      expect(dry.stubOwner).toBe(board!.user);
    } finally {
      await sql.end();
    }

    // The validator's readiness report, asked of the migrated rows in SQL, is the dry run's tally.
    const v = await runValidation({
      mongoUrl: source.url,
      mongoDb: new URL(source.url).pathname.slice(1),
      postgresUrl: target.url,
      sample: 10,
      full: false,
      migrationReport: join(dir, "none.json"),
    });
    expect(dry.readiness.repaired.length).toBeGreaterThan(0);
    expect(dry.readiness.removes.length).toBeGreaterThan(0);
    expect(dry.readiness).toEqual(v.readiness);
  });

  it("needs no PostgreSQL, writes its report 0600 with the would-fail documents redacted, and exits 1 when something would fail", async () => {
    const dir = workdir();
    const r = await runCli(["migrate", "--dry-run", "--mongo", source.url], {}, dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("would fail");
    expect(r.stdout).toContain(`Users ${extra.user.toHexString()}: duplicate key value violates unique constraint "Users_email_key"`);
    const path = join(dir, "migration-dry-run.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const report = JSON.parse(readFileSync(path, "utf8"));
    expect(report.dryRun).toBe(true);
    expect(report.postgresChecked).toBe(false);
    const twin = report.wouldFail.find((f: { mongoId: string }) => f.mongoId === extra.user.toHexString());
    expect(twin.document.name).toBe("Twin of the first user");
    expect(twin.document.password).toBe("[redacted]");
    for (const f of ["migration-checkpoint.json", "migration-errors.log", "migration-report.json"])
      expect(existsSync(join(dir, f)), f).toBe(false);
  });

  it("refuses options that make no sense without writing", async () => {
    const r = await runCli(["migrate", "--dry-run", "--mongo", source.url, "--tables", "Users"], {}, workdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[USAGE\]: .*--tables/m);
  });
});
