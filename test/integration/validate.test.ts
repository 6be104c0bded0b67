// The validator: passes a faithful migration, and each layer names the exact place of tampering.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityName, uuidFor } from "../../src/identity.js";
import { openPostgres } from "../../src/target/connect.js";
import { applySchema } from "../../src/target/schemaApply.js";
import { runCli, startCli, workdir } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto, withDatabase } from "../helpers/databases.js";

let source: Disposable;
let base: Disposable;
const copies: string[] = [];

beforeAll(async () => {
  source = newMongo();
  await seedInto(source.url, { scale: 3000, seed: 21, drop: true, quirks: true });
  base = await newPostgres();
  const sql = await openPostgres(base.url, { max: 1 });
  await applySchema(sql);
  await sql.end();
  const r = await runCli(["migrate", "--mongo", source.url, "--postgres", base.url], {}, workdir());
  // Seed 21 at this scale has quirks but no document that cannot be migrated.
  expect(r.code, r.stdout).toBe(0);
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
  let report;
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

  it("layer 1 names a deleted row's table", async () => {
    const pg = await copy();
    await tamper(pg, `delete from "tasksComments" where id = (select id from "tasksComments" order by id limit 1)`);
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.rowCountValidation.discrepancies).toEqual([expect.objectContaining({ table: "tasksComments", difference: 1 })]);
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
      { table: "crm_Accounts", mongoId: identityName(account._id), uuid: uuidFor(account._id), field: "name", source: JSON.stringify(account.name), target: '"Tampered Inc"' },
    ]);
    expect(r.stdout).toContain(`crm_Accounts ${identityName(account._id)}`);
  });

  it("layer 3 names a deleted junction pair and a foreign key made orphan behind the constraints' back", async () => {
    const pg = await copy();
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    const [pair] = await sql`select document_id, account_id from "_DocumentsToAccounts" order by 1, 2 limit 1`;
    await sql`delete from "_DocumentsToAccounts" where document_id = ${pair!.document_id} and account_id = ${pair!.account_id}`;
    const ghost = "00000000-0000-5000-8000-000000000001";
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update "crm_Contacts" set assigned_to = ${ghost} where id = (select id from "crm_Contacts" order by id limit 1)`;
    });
    await sql.end();
    const r = await validate(pg);
    expect(r.code).toBe(1);
    const ri = r.report.referentialIntegrityValidation;
    expect(ri.missingJunctionPairs).toEqual([{ table: "_DocumentsToAccounts", count: 1, examples: [`${pair!.document_id} ↔ ${pair!.account_id}`] }]);
    expect(ri.brokenForeignKeys).toEqual([expect.objectContaining({ table: "crm_Contacts", column: "assigned_to", references: "Users", count: 1, examples: [ghost] })]);
    // --full stages the source arrays during its one pass instead of reading them again: same verdict.
    const full = await validate(pg, "--full");
    expect(full.code).toBe(1);
    expect(full.report.referentialIntegrityValidation.missingJunctionPairs).toEqual(ri.missingJunctionPairs);
  });

  it("layer 4 names a dropped index", async () => {
    const pg = await copy();
    await tamper(pg, `drop index "tasks_user_status_idx"`);
    const r = await validate(pg);
    expect(r.code).toBe(1);
    expect(r.report.dataTypeValidation.schemaDifferences).toEqual([expect.stringContaining("missing index tasks_user_status_idx")]);
    expect(r.stdout).toContain("missing index tasks_user_status_idx");
  });

  it("reports the missing rows halfway through a migration, and passes after the resume", async () => {
    const pg = await newPostgres();
    copies.push(new URL(pg.url).pathname.slice(1));
    const sql = await openPostgres(pg.url, { max: 1 });
    await applySchema(sql);
    await sql.end();
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
