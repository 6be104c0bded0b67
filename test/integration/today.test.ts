// Today's NextCRM on the migrated data: the values `0_init` accepts but today's NextCRM cannot read
// or upgrade are written as NextCRM writes them (originals kept and validated as repairs), or with
// --exact-values kept and warned about; NextCRM's upgrade (simulated from the facts,
// test/helpers/nextcrmUpgrade.ts) then passes, and `after-upgrade` gives the administrators back.
import { join } from "node:path";
import { MongoClient, type Document } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDryRun } from "../../src/dryrun/run.js";
import { uuidFor } from "../../src/identity.js";
import { collections } from "../../src/map/collections.js";
import type { TodayRepair } from "../../src/map/types.js";
import { intendedRole } from "../../src/nextcrm/today.js";
import { READ_OPTIONS } from "../../src/mongo/read.js";
import { runCli, workdir } from "../helpers/cli.js";
import { type Disposable, freshTarget, newMongo, seedInto } from "../helpers/databases.js";
import { notForToday } from "../../src/seed/values.js";
import { upgradeLikeNextcrm } from "../helpers/nextcrmUpgrade.js";

const open = (url: string) => postgres(url, { max: 1, onnotice: () => {} });

/** Documents changed per field that today's NextCRM needs another value in. */
const PER_FIELD = 3;

/** A value real data holds that the field's TodayRepair must change: the seed's first form of it. */
const needingRepair = (r: TodayRepair, value: unknown) => notForToday(r, value, (xs) => xs[0]!);

/** Every field with a TodayRepair, as `table.column`. */
const todayFields = collections
  .flatMap((c) => c.columns.filter((f) => f.today).map((f) => ({ table: c.collection, field: f })))
  .filter(({ table }) => table !== "Invoices");

/**
 * The facts of today's NextCRM as plain SQL, written here from its release notes, not from the
 * tool's code: each counts rows that would break a page or the upgrade.
 */
const FACTS: Record<string, string> = {
  "Documents.document_system_type": `select count(*)::int as n from "Documents" where document_system_type = 'INVOICE'`,
  "crm_Opportunities.name": `select count(*)::int as n from "crm_Opportunities" where name is null`,
  "Users.name": `select count(*)::int as n from "Users" where name is null`,
  "Boards.visibility": `select count(*)::int as n from "Boards" where visibility is null`,
  "Tasks.content": `select count(*)::int as n from "Tasks" where content is null`,
  "crm_Accounts_Tasks.content": `select count(*)::int as n from "crm_Accounts_Tasks" where content is null`,
  "crm_Contacts.first_name": `select count(*)::int as n from "crm_Contacts" where first_name is null`,
  "crm_Contacts.type": `select count(*)::int as n from "crm_Contacts" where lower(type) not in ('customer', 'partner', 'vendor', 'prospect')`,
  "crm_Leads.status": `select count(*)::int as n from "crm_Leads" where lower(status) not in ('new', 'contacted', 'qualified', 'lost')`,
  "crm_Leads.type": `select count(*)::int as n from "crm_Leads" where lower(type) <> 'demo'`,
  "crm_Opportunities.currency": `select count(*)::int as n from "crm_Opportunities" where currency <> upper(btrim(currency))`,
  "Boards.sharedWith": `select count(*)::int as n from "Boards" where array_position("sharedWith", null) is not null`,
  "crm_Contacts.tags": `select count(*)::int as n from "crm_Contacts" where array_position(tags, null) is not null`,
  "crm_Contacts.notes": `select count(*)::int as n from "crm_Contacts" where array_position(notes, null) is not null`,
  "Documents.connected_documents": `select count(*)::int as n from "Documents" where array_position(connected_documents, null) is not null`,
};

let mongo: Disposable;
const mongoDb = () => new URL(mongo.url).pathname.slice(1);
/** Per `table.column`, the ids of the documents given a value that needs a repair. */
const changed = new Map<string, string[]>();
let users: Document[] = [];

beforeAll(async () => {
  mongo = newMongo();
  await seedInto(mongo.url, { scale: 1500, seed: 5, drop: true, quirks: false });
  const client = new MongoClient(mongo.url);
  try {
    const db = client.db();
    const fieldsBefore = new Map<string, number>();
    for (const { table, field } of todayFields) {
      // Other documents for each field of a table: one value that fails its document (--exact-values) must not hide the others.
      const k = fieldsBefore.get(table) ?? 0;
      fieldsBefore.set(table, k + 1);
      const docs = await db
        .collection(table)
        .find({}, READ_OPTIONS)
        .sort({ _id: 1 })
        .skip(k * PER_FIELD)
        .limit(PER_FIELD)
        .toArray();
      for (const d of docs)
        await db.collection(table).updateOne({ _id: d._id }, { $set: { [field.field]: needingRepair(field.today!, d[field.field]) } });
      changed.set(
        `${table}.${field.field}`,
        docs.map((d) => d._id.toHexString()),
      );
    }
    users = await db.collection("Users").find({}, READ_OPTIONS).toArray();
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await mongo?.drop();
});

describe("the values today's NextCRM needs", () => {
  it("every field of the facts has a repair, and the source holds values that need each", () => {
    expect(todayFields.map(({ table, field }) => `${table}.${field.field}`).sort()).toEqual(Object.keys(FACTS).sort());
    for (const [key, ids] of changed) expect(ids.length, key).toBe(PER_FIELD);
  });

  it("are written as NextCRM writes them, each change kept and validated as a repair; NextCRM's upgrade then passes and after-upgrade gives the roles back", async () => {
    const target = await freshTarget();
    const cwd = workdir();
    const migrate = await runCli(["migrate", "--mongo", mongo.url, "--postgres", target], {}, cwd);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain("kept for after NextCRM's upgrade");

    const sql = open(target);
    try {
      for (const [key, query] of Object.entries(FACTS)) expect({ key, n: (await sql.unsafe(query))[0]!.n }).toEqual({ key, n: 0 });
      // Each changed document's original is kept, under the repair's kind.
      for (const { table, field } of todayFields) {
        const ids = changed.get(`${table}.${field.field}`)!.map(uuidFor);
        const kinds = await sql.unsafe(
          `select data->'repaired'->$1->>'kind' as kind from nextcrm_migrate.unmapped where table_name = $2 and id = any($3::uuid[])`,
          [field.field, table, ids],
        );
        expect({ at: `${table}.${field.field}`, kinds: kinds.map((k) => k.kind) }).toEqual({
          at: `${table}.${field.field}`,
          kinds: ids.map(() => field.today!.kind),
        });
      }
      const [invoice] =
        await sql`select document_system_type from "Documents" where id = ${uuidFor(changed.get("Documents.document_system_type")![0]!)}`;
      expect(invoice!.document_system_type).toBe("OTHER");
      const [opportunity] =
        await sql`select name, currency from "crm_Opportunities" where id = ${uuidFor(changed.get("crm_Opportunities.name")![0]!)}`;
      expect(opportunity!.name).toBe("Untitled opportunity");

      const validate = await runCli(["validate", "--full", "--mongo", mongo.url, "--postgres", target], {}, cwd);
      expect(validate.code, validate.stdout).toBe(0);
      expect(validate.stdout).toContain("NextCRM 0.21.2 readiness");
      expect(validate.stdout).toContain("What would stop a page or the upgrade: nothing.");
      const { readFileSync } = await import("node:fs");
      const report = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
      expect(report.readiness.breaks).toEqual([]);
      for (const { table, field } of todayFields) {
        expect(report.readiness.repaired, `${table}.${field.field}`).toContainEqual({
          table,
          column: field.field,
          kind: field.today!.kind,
          count: PER_FIELD,
        });
      }
      expect(report.readiness.removes).toContainEqual(
        expect.objectContaining({
          table: "Users",
          count: users.filter((u) => u.is_admin === true).length,
          what: expect.stringContaining("administrators"),
        }),
      );
      const kept = await sql`select table_name, count(*)::int as n from nextcrm_migrate.upgrade_kept group by 1`;
      expect(Object.fromEntries(kept.map((k) => [k.table_name, k.n]))).toMatchObject({ Users: users.length });

      // NextCRM's upgrade, as its facts describe it: the held words no longer stop it.
      await upgradeLikeNextcrm(sql);
      const after = await runCli(["after-upgrade", "--postgres", target], {}, cwd);
      expect(after.code, after.stdout + after.stderr).toBe(0);
      const roles = await sql`select id, role::text as role from "Users"`;
      const byId = new Map(roles.map((r) => [r.id as string, r.role as string]));
      for (const u of users)
        expect({ user: u._id.toHexString(), role: byId.get(uuidFor(u._id)) }).toEqual({ user: u._id.toHexString(), role: intendedRole(u) });
      expect(roles.some((r) => r.role === "admin")).toBe(true);
      // The held contact types are NextCRM's settings now, and the contacts point at them.
      const [held] =
        await sql`select t.name from "crm_Contacts" c join "crm_Contact_Types" t on t.id = c.contact_type_id where c.id = ${uuidFor(changed.get("crm_Contacts.type")![0]!)}`;
      expect(held!.name).toBe("Reseller");
      const again = await runCli(["after-upgrade", "--postgres", target], {}, cwd);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("nothing changed");
    } finally {
      await sql.end();
    }
  });

  it("with --exact-values stay as they are, and the dry run and validate warn with the right counts; NextCRM's upgrade would stop on them", async () => {
    const dry = await runDryRun({ mongoUrl: mongo.url, mongoDb: mongoDb(), exactValues: true });
    const expectedBreaks = todayFields
      .map(({ table, field }) => ({ at: `${table}.${field.field}`, count: PER_FIELD }))
      .sort((a, b) => a.at.localeCompare(b.at));
    const summed = (breaks: { table: string; column?: string; count: number }[]) => {
      const m = new Map<string, number>();
      for (const b of breaks) m.set(`${b.table}.${b.column}`, (m.get(`${b.table}.${b.column}`) ?? 0) + b.count);
      return [...m].map(([at, count]) => ({ at, count })).sort((a, b) => a.at.localeCompare(b.at));
    };
    // NULL elements make a text or uuid array fail its document under --exact-values, as before: only the other kinds stay in the rows.
    const kept = expectedBreaks.filter((b) => !/sharedWith|tags|notes|connected_documents/.test(b.at));
    expect(summed(dry.readiness.breaks)).toEqual(kept);
    expect(dry.readiness.repaired).toEqual([]);

    const target = await freshTarget();
    const cwd = workdir();
    const migrate = await runCli(["migrate", "--exact-values", "--mongo", mongo.url, "--postgres", target], {}, cwd);
    expect(migrate.code).toBe(1); // the NULL elements
    const validate = await runCli(["validate", "--mongo", mongo.url, "--postgres", target], {}, cwd);
    expect(validate.stdout).toContain("What would stop a page or the upgrade (values kept exactly as they are):");
    expect(validate.stdout).toContain('Documents.document_system_type "INVOICE": 3 row(s)');
    const { readFileSync } = await import("node:fs");
    const report = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
    expect(summed(report.readiness.breaks)).toEqual(kept);

    const sql = open(target);
    try {
      const [invoice] =
        await sql`select document_system_type from "Documents" where id = ${uuidFor(changed.get("Documents.document_system_type")![0]!)}`;
      expect(invoice!.document_system_type).toBe("INVOICE");
      await expect(upgradeLikeNextcrm(sql)).rejects.toThrow();
    } finally {
      await sql.end();
    }
  });
});
