// A target NextCRM ran on before the migration: a user who signed up (with the email of a source
// user) and NextCRM's seed of industry types (random UUIDs). The migration refuses it without
// writing; with --allow-existing it keeps them, fails only the colliding user, and the validator
// names them as rows without a source.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runValidation } from "../../src/validate/run.js";
import { runCli, workdir } from "../helpers/cli.js";
import { newMongo, newPostgres, seedInto, type Disposable } from "../helpers/databases.js";
import { relations, tableHashes } from "../helpers/snapshots.js";

let source: Disposable;
const targets: Disposable[] = [];
let taken: { id: string; email: string };

async function target(): Promise<string> {
  const t = await newPostgres({ schema: true });
  targets.push(t);
  return t.url;
}

/** What NextCRM leaves behind when it runs first: one sign-up, three seeded lookup rows. */
async function nextcrmRan(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`insert into "Users" (id, email, name, is_admin) values (${randomUUID()}, ${taken.email}, 'Signed up on PostgreSQL', true)`;
    for (const name of ["Public sector", "Other", "SW Development"])
      await sql`insert into "crm_Industry_Type" (id, __v, name) values (${randomUUID()}, 0, ${name})`;
  } finally {
    await sql.end();
  }
}

const migrate = (pg: string, cwd: string, ...args: string[]) =>
  runCli(["migrate", "--mongo", source.url, "--postgres", pg, ...args], {}, cwd);

beforeAll(async () => {
  source = newMongo();
  await seedInto(source.url, { scale: 400, seed: 11, drop: true, quirks: false });
  const client = new MongoClient(source.url);
  try {
    const u = await client.db().collection("Users").find().sort({ _id: 1 }).limit(1).next();
    taken = { id: u!._id.toHexString(), email: u!.email };
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await source?.drop();
  for (const t of targets) await t.drop();
});

describe("a target that already holds rows the tool did not write", () => {
  it("is refused with exit 2, naming tables and counts, before anything is written", async () => {
    const pg = await target();
    await nextcrmRan(pg);
    const before = { hashes: await tableHashes(pg), relations: await relations(pg) };
    const r = await migrate(pg, workdir());
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error \[FOREIGN_ROWS\]: /m);
    expect(r.stderr).toContain("Users: 1, crm_Industry_Type: 3");
    expect(await tableHashes(pg)).toEqual(before.hashes);
    expect(await relations(pg)).toEqual(before.relations);

    // The dry run, given the target, says so too; with --allow-existing it names the collision.
    const dir = workdir();
    const dry = await runCli(["migrate", "--dry-run", "--mongo", source.url, "--postgres", pg], {}, dir);
    expect(dry.code, dry.stderr).toBe(1);
    expect(dry.stdout).toContain("a migration into this target would stop before writing [FOREIGN_ROWS]");
    expect(JSON.parse(readFileSync(join(dir, "migration-dry-run.json"), "utf8")).foreignRows).toEqual([
      { table: "Users", rows: 1 },
      { table: "crm_Industry_Type", rows: 3 },
    ]);
    const allowed = await runCli(["migrate", "--dry-run", "--allow-existing", "--mongo", source.url, "--postgres", pg], {}, dir);
    expect(allowed.stdout).toContain(`Users ${taken.id}: duplicate key value violates unique constraint "Users_email_key"`);
    expect(await tableHashes(pg)).toEqual(before.hashes);
  });

  it("with --allow-existing keeps them: the colliding user fails (logged), everything else migrates, validate names them", async () => {
    const pg = await target();
    await nextcrmRan(pg);
    const dir = workdir();
    const r = await migrate(pg, dir, "--allow-existing");
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, "migration-report.json"), "utf8"));
    const [first, ...rest] = report.failed as { table: string; mongoId: string; message: string }[];
    expect(first).toEqual({
      table: "Users",
      mongoId: taken.id,
      message: 'duplicate key value violates unique constraint "Users_email_key"',
    });
    // Whatever else failed, failed for naming that user (a required reference to it).
    for (const f of rest) expect(f.message).toContain(taken.id);
    expect(readFileSync(join(dir, "migration-errors.log"), "utf8")).toContain(
      `MongoDB ObjectId: ${taken.id}\nError: duplicate key value violates unique constraint "Users_email_key"`,
    );
    for (const t of Object.values(report.tables) as { read: number; migrated: number; repaired: number; failed: number }[])
      expect(t.migrated + t.repaired + t.failed).toBe(t.read);

    const v = await runValidation({
      mongoUrl: source.url,
      mongoDb: new URL(source.url).pathname.slice(1),
      postgresUrl: pg,
      sample: 20,
      migrationReport: join(dir, "migration-report.json"),
    });
    const extra = Object.fromEntries(v.counts.filter((c) => c.withoutSource).map((c) => [c.table, c.withoutSource]));
    expect(extra).toEqual({ Users: 1, crm_Industry_Type: 3 });
    const cli = await runCli(["validate", "--mongo", source.url, "--postgres", pg], {}, dir);
    expect(cli.stdout).toContain("crm_Industry_Type: 3 row(s) present in the target without a source document");
  });

  it("does not refuse a repeated run over its own rows, nor find collisions with them in a dry run", async () => {
    const pg = await target();
    const dir = workdir();
    expect((await migrate(pg, dir)).code).toBe(0);
    const again = await migrate(pg, dir);
    expect(again.code, again.stderr).toBe(0);
    const dry = await runCli(["migrate", "--dry-run", "--allow-existing", "--mongo", source.url, "--postgres", pg], {}, dir);
    expect(dry.code, dry.stdout).toBe(0);

    // A run with a failure keeps its checkpoint; a new pass after it is checked again, and a user
    // who signed up in between stops it (its row counts no longer match the checkpoint's).
    const client = new MongoClient(source.url);
    await client.db().collection("Employees").insertOne({ __v: 0, avatar: "a", name: "Half", salary: 1.5, status: "active" });
    await client.close();
    expect((await migrate(pg, dir)).code).toBe(1);
    expect((await migrate(pg, dir)).code).toBe(1);
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    await sql`insert into "Users" (id, email, name) values (${randomUUID()}, 'newcomer@example.com', 'Signed up after the migration')`;
    await sql.end();
    const refused = await migrate(pg, dir);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/^error \[FOREIGN_ROWS\]: .*\(Users: 1\)/m);
  });
});
