// The validator: passes a faithful migration, and each layer names the exact place of tampering.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityName, uuidFor } from "../../src/identity.js";
import { runCli, startCli, workdir } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto, withDatabase } from "../helpers/databases.js";
import { createReleaseDatabase } from "../helpers/release.js";
import { tableHashes } from "../helpers/snapshots.js";

let source: Disposable;
let base: Disposable;
const copies: string[] = [];
/** The base migration's report (migration-report.json). */
let migration: { tables: Record<string, { repairs: Record<string, number> }> };

beforeAll(async () => {
  source = newMongo();
  await seedInto(source.url, { scale: 3000, seed: 57, drop: true, quirks: true });
  base = await newPostgres({ schema: true });
  const cwd = workdir();
  const r = await runCli(["migrate", "--mongo", source.url, "--postgres", base.url], {}, cwd);
  // Seed 57 at this scale has quirks (orphan sections, off-list words among them) but no document that cannot be migrated.
  expect(r.code, r.stdout).toBe(0);
  migration = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
});

afterAll(async () => {
  const admin = postgres(new URL(base.url).href.replace(/\/[^/]*$/, "/postgres"), { max: 1, onnotice: () => {} });
  for (const db of copies) await admin.unsafe(`drop database if exists "${db}" with (force)`);
  await admin.end();
  await base.drop();
  await source.drop();
});

/** A copy of the migrated target (CREATE DATABASE ... TEMPLATE), to tamper with. */
async function copy(): Promise<string> {
  const name = `v_${Math.random().toString(16).slice(2, 10)}`;
  const admin = postgres(withDatabase(base.url, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${new URL(base.url).pathname.slice(1)}"`);
  await admin.end();
  copies.push(name);
  return withDatabase(base.url, name);
}

async function validate(pg: string, ...args: string[]) {
  const cwd = workdir();
  const r = await runCli(["validate", "--mongo", source.url, "--postgres", pg, ...args], {}, cwd);
  let report: Record<string, any>;
  try {
    report = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
  } catch {
    throw new Error(`validate wrote no report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { ...r, report };
}

async function tamper(pg: string, statements: string) {
  const sql = postgres(pg, { max: 1, onnotice: () => {} });
  await sql.unsafe(statements);
  await sql.end();
}

describe("validate", () => {
  it("passes a migration of seeded data, sampled and in full", async () => {
    const sampled = await validate(base.url);
    expect(sampled.code, sampled.stdout).toBe(0);
    expect(sampled.report.overallStatus).toBe("PASS");
    const full = await validate(base.url, "--full");
    expect(full.code, full.stdout).toBe(0);
    expect(full.report.summary.recordsValidated).toBe(full.report.summary.totalRecords);
    expect(full.report.summary.recordsRepaired).toBeGreaterThan(0);
  });

  it("recognises the quirks' repairs: orphan sections under stub boards with their tasks, missing __v as 0", async () => {
    const repairs = (kind: string) => Object.values(migration.tables).reduce((n, t) => n + (t.repairs[kind] ?? 0), 0);
    expect(repairs("missingVersion")).toBeGreaterThan(0);
    expect(repairs("stub")).toBeGreaterThan(0);
    const sql = postgres(base.url, { max: 1, onnotice: () => {} });
    const [stubs] = await sql`select count(distinct b.id)::int as boards, count(distinct s.id)::int as sections, count(t.id)::int as tasks
      from "Boards" b join nextcrm_migrate.unmapped u on u.table_name = 'Boards' and u.id = b.id and u.data ? 'stub'
      join "Sections" s on s.board = b.id left join "Tasks" t on t.section = s.id`;
    await sql.end();
    expect(stubs!.sections).toBe(migration.tables.Sections!.repairs.stub);
    expect(stubs!.tasks).toBeGreaterThan(0);
    const full = await validate(base.url, "--full");
    expect(full.code, full.stdout).toBe(0);
    expect(full.report.rowCountValidation.stubRows).toEqual([
      { table: "Boards", stubs: stubs!.boards, unreferenced: { count: 0, examples: [] }, wrongOwner: { count: 0, examples: [] } },
    ]);
    expect(full.stdout).toContain(
      `Boards: ${stubs!.boards} stub row(s) keep what references a missing document (repairs, not rows without a source)`,
    );
  });

  it("counts a stub board no section of the source needs as a row without a source, and a stub given another owner", async () => {
    const pg = await copy();
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    // What the migration left once the source's section moved to a board that exists: a stub nothing needs.
    const stray = "0e0e0e0e-0000-4000-8000-000000000001";
    const [stub] =
      await sql`select u.id::text from nextcrm_migrate.unmapped u where u.table_name = 'Boards' and u.data ? 'stub' order by 1 limit 1`;
    await sql`insert into "Boards" select * from json_populate_record(null::"Boards", (select (to_jsonb(b) || jsonb_build_object('id', ${stray}::text))::json from "Boards" b where id = ${stub!.id}))`;
    await sql`update "Boards" set "user" = (select id from "Users" order by is_admin, created_on desc limit 1) where id = ${stub!.id}`;
    await sql.end();
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.rowCountValidation.stubRows).toContainEqual(
      expect.objectContaining({
        table: "Boards",
        unreferenced: { count: 1, examples: [stray] },
        wrongOwner: { count: 1, examples: [stub!.id] },
      }),
    );
    expect(r.stdout).toContain(`Boards: 1 stub row(s) that nothing references any more: rows without a source (e.g. ${stray})`);
    expect(r.stdout).toContain(`Boards: 1 stub row(s) owned by another user than the rule gives`);
  });

  it("finds each word NextCRM's upgrade would refuse held back, its original kept, and counts it in the readiness section", async () => {
    const checked = {
      crm_Contacts: { type: ["customer", "partner", "vendor", "prospect"] },
      crm_Leads: { status: ["new", "contacted", "qualified", "lost"], type: ["demo"] },
    } as Record<string, Record<string, string[]>>;
    const client = new MongoClient(source.url);
    const want: { table: string; column: string; value: string; count: number }[] = [];
    for (const [table, fields] of Object.entries(checked)) {
      for (const [column, words] of Object.entries(fields)) {
        const counts = new Map<string, number>();
        for await (const d of client
          .db()
          .collection(table)
          .find({ [column]: { $type: "string" } }, { projection: { [column]: 1 } })) {
          const v = d[column] as string;
          if (!words.includes(v.toLowerCase())) counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        for (const [value, count] of counts) want.push({ table, column, value, count });
      }
    }
    await client.close();
    expect(want.some((w) => w.table === "crm_Contacts")).toBe(true);
    const r = await validate(base.url);
    expect(r.code, r.stdout).toBe(0);
    const sql = postgres(base.url, { max: 1, onnotice: () => {} });
    try {
      const held = await sql<{ table: string; column: string; value: string; count: number }[]>`
        select u.table_name as table, r.key as column, r.value->>'original' as value, count(*)::int as count
        from nextcrm_migrate.unmapped u, jsonb_each(u.data->'repaired') r
        where jsonb_typeof(u.data->'repaired') = 'object' and r.value->>'kind' = 'heldForUpgrade' group by 1, 2, 3`;
      const key = (x: { table: string; column: string; value: string }) => `${x.table}.${x.column}=${x.value}`;
      expect([...held].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
    } finally {
      await sql.end();
    }
    expect(r.report.readiness.breaks).toEqual([]);
    for (const [table, fields] of Object.entries(checked)) {
      for (const column of Object.keys(fields)) {
        const count = want.filter((w) => w.table === table && w.column === column).reduce((n, w) => n + w.count, 0);
        if (count) expect(r.report.readiness.repaired).toContainEqual({ table, column, kind: "heldForUpgrade", count });
      }
    }
    const contacts = want.filter((w) => w.table === "crm_Contacts").reduce((n, w) => n + w.count, 0);
    expect(r.stdout).toContain(`crm_Contacts.type: ${contacts} × heldForUpgrade`);
  });

  it("fills a database NextCRM's own 0_init created, once schema apply has added the tool's part, and passes", async () => {
    const pg = await newPostgres();
    copies.push(new URL(pg.url).pathname.slice(1));
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    await createReleaseDatabase((text, params) => sql.unsafe(text, params as never[]) as never);
    await sql.end();
    expect((await runCli(["schema", "apply", "--postgres", pg.url])).code).toBe(0);
    const cwd = workdir();
    const r = await runCli(["migrate", "--mongo", source.url, "--postgres", pg.url], {}, cwd);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const full = await validate(pg.url, "--full");
    expect(full.code, full.stdout).toBe(0);
    expect(await tableHashes(pg.url)).toEqual(await tableHashes(base.url));
  });

  it("keeps every date to the millisecond with this machine and the server far from UTC", async () => {
    const pg = await newPostgres({ schema: true });
    const name = new URL(pg.url).pathname.slice(1);
    copies.push(name);
    await tamper(pg.url, `alter database "${name}" set timezone = 'America/Adak'`);
    const r = await runCli(["migrate", "--mongo", source.url, "--postgres", pg.url], { TZ: "Pacific/Kiritimati" }, workdir());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The same rows, byte for byte, as the migration made in UTC; timestamps print without a zone.
    expect(await tableHashes(pg.url)).toEqual(await tableHashes(base.url));
    const full = await runCli(["validate", "--full", "--mongo", source.url, "--postgres", pg.url], { TZ: "America/Adak" }, workdir());
    expect(full.code, full.stdout).toBe(0);
    const client = new MongoClient(source.url);
    const account = (await client
      .db()
      .collection("crm_Accounts")
      .find({ createdAt: { $type: "date" } })
      .sort({ _id: 1 })
      .limit(1)
      .next())!;
    await client.close();
    const check = postgres(pg.url, { max: 1, onnotice: () => {} });
    // The column holds the UTC wall-clock time, as Prisma writes and reads it.
    const [row] =
      await check`select (extract(epoch from "createdAt") * 1000)::bigint::text as ms from "crm_Accounts" where id = ${uuidFor(account._id)}`;
    await check.end();
    expect(row!.ms).toBe(String((account.createdAt as Date).getTime()));
  });

  it("layer 1 names a deleted row's table", async () => {
    const pg = await copy();
    await tamper(pg, `delete from "tasksComments" where id = (select id from "tasksComments" order by id limit 1)`);
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.rowCountValidation.discrepancies).toEqual([expect.objectContaining({ table: "tasksComments", difference: 1 })]);
  });

  it("--full lists the missing documents by id, whatever order the source keeps them in", async () => {
    // The same documents stored again in reverse: a scan in the server's order meets the highest id first.
    const client = new MongoClient(source.url);
    const comments = client.db().collection("tasksComments");
    const docs = await comments.find().sort({ _id: -1 }).toArray();
    await comments.deleteMany({});
    await comments.insertMany(docs);
    const first = (await comments.find().limit(3).toArray()).map((d) => identityName(d._id));
    await client.close();
    expect(first).toEqual([...first].sort().reverse());
    const pg = await copy();
    await tamper(pg, `delete from "tasksComments" where id in (${first.map((id) => `'${uuidFor(id)}'`).join(", ")})`);
    const r = await validate(pg, "--full");
    expect(r.code).toBe(1);
    expect(r.report.sampleRecordValidation.missingRecords).toEqual(
      [...first].sort().map((mongoId) => ({ table: "tasksComments", mongoId })),
    );
  });

  it("layer 2 names the table, ObjectId, UUID, field and both values of one changed field", async () => {
    const client = new MongoClient(source.url);
    const account = (await client.db().collection("crm_Accounts").find().sort({ _id: 1 }).limit(1).next())!;
    await client.close();
    const pg = await copy();
    await tamper(pg, `update "crm_Accounts" set name = 'Tampered Inc' where id = '${uuidFor(account._id)}'`);
    const r = await validate(pg, "--full");
    expect(r.code).toBe(1);
    expect(r.report.sampleRecordValidation.fieldMismatches).toEqual([
      {
        table: "crm_Accounts",
        mongoId: identityName(account._id),
        uuid: uuidFor(account._id),
        field: "name",
        source: JSON.stringify(account.name),
        target: '"Tampered Inc"',
      },
    ]);
    expect(r.stdout).toContain(`crm_Accounts ${identityName(account._id)}`);
  });

  it("layer 3 names a deleted junction pair and a foreign key made orphan behind the constraints' back", async () => {
    const pg = await copy();
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    const [pair] = await sql`select document_id, account_id from "DocumentsToAccounts" order by 1, 2 limit 1`;
    await sql`delete from "DocumentsToAccounts" where document_id = ${pair!.document_id} and account_id = ${pair!.account_id}`;
    const ghost = "00000000-0000-5000-8000-000000000001";
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update "crm_Contacts" set assigned_to = ${ghost} where id = (select id from "crm_Contacts" order by id limit 1)`;
    });
    await sql.end();
    const r = await validate(pg);
    expect(r.code).toBe(1);
    const ri = r.report.referentialIntegrityValidation;
    expect(ri.missingJunctionPairs).toEqual([
      { table: "DocumentsToAccounts", count: 1, examples: [`${pair!.document_id} ↔ ${pair!.account_id}`] },
    ]);
    expect(ri.brokenForeignKeys).toEqual([
      expect.objectContaining({ table: "crm_Contacts", column: "assigned_to", references: "Users", count: 1, examples: [ghost] }),
    ]);
    // --full stages the source arrays during its one pass instead of reading them again: same verdict.
    const full = await validate(pg, "--full");
    expect(full.code).toBe(1);
    expect(full.report.referentialIntegrityValidation.missingJunctionPairs).toEqual(ri.missingJunctionPairs);
  });

  it("layer 4 names a dropped index", async () => {
    const pg = await copy();
    await tamper(pg, `drop index "Tasks_user_taskStatus_idx"`);
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.dataTypeValidation.schemaDifferences).toEqual([expect.stringContaining("missing index Tasks_user_taskStatus_idx")]);
    expect(r.stdout).toContain("missing index Tasks_user_taskStatus_idx");
  });

  it("layer 3 names the tables whose copy for NextCRM's upgrade lacks a row or holds another value", async () => {
    const pg = await copy();
    await tamper(
      pg,
      `delete from nextcrm_migrate.upgrade_kept where ctid = (select ctid from nextcrm_migrate.upgrade_kept where table_name = 'Invoices' limit 1)`,
    );
    await tamper(pg, `update "Users" set is_admin = not is_admin where id = (select id from "Users" order by id limit 1)`);
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.referentialIntegrityValidation.notKeptForUpgrade).toEqual([
      { table: "Invoices", rows: 1 },
      { table: "Users", rows: 1 },
    ]);
    expect(r.stdout).toContain("Invoices: 1 row(s) not kept as they are in nextcrm_migrate.upgrade_kept");
  });

  it("reports the missing rows halfway through a migration, and passes after the resume", async () => {
    const pg = await newPostgres({ schema: true });
    copies.push(new URL(pg.url).pathname.slice(1));
    const cwd = workdir();
    const run = startCli(["migrate", "--mongo", source.url, "--postgres", pg.url, "--batch-size", "50"], {}, cwd);
    await run.waitFor(/crm_Contacts \[/);
    run.child.kill("SIGINT");
    expect((await run.done).code).toBe(130);
    const half = await validate(pg.url);
    expect(half.code).toBe(1);
    // Paused inside crm_Contacts (tables that do not reference it may be done already).
    expect(half.report.rowCountValidation.discrepancies.some((d: { table: string }) => d.table === "crm_Contacts")).toBe(true);
    expect((await runCli(["migrate", "--mongo", source.url, "--postgres", pg.url, "--batch-size", "50"], {}, cwd)).code).toBe(0);
    expect((await validate(pg.url)).code).toBe(0);
  });
});
