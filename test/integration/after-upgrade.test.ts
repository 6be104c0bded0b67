// `after-upgrade` on a migrated database that NextCRM's own upgrade then ran on (simulated from the
// facts: test/helpers/nextcrmUpgrade.ts). The migrated database is written here directly, with
// what the migration keeps for the upgrade (nextcrm_migrate.upgrade_kept, held values in
// nextcrm_migrate.unmapped), so these tests stand on their own.
import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { DROPPED_TABLES, intendedRole, LOST_COLUMNS } from "../../src/nextcrm/today.js";
import { runCli } from "../helpers/cli.js";
import { freshPostgres, freshTarget } from "../helpers/databases.js";
import { ROLE_COLUMN_ADDED, ROLES_BACKFILLED, upgradeLikeNextcrm } from "../helpers/nextcrmUpgrade.js";

const open = (url: string) => postgres(url, { max: 1, onnotice: () => {} });
const afterUpgrade = (url: string) => runCli(["after-upgrade", "--postgres", url]);

const USERS = [
  { name: "admin", is_admin: true, is_account_admin: false },
  { name: "both", is_admin: true, is_account_admin: true },
  { name: "accountAdmin", is_admin: false, is_account_admin: true },
  { name: "plain", is_admin: false, is_account_admin: false },
  { name: "promotedByHand", is_admin: false, is_account_admin: false },
] as const;
type UserName = (typeof USERS)[number]["name"];

const objectId = () => randomBytes(12).toString("hex");

/** A value the migration wrote NULL for, keeping the original for after-upgrade. */
async function hold(sql: postgres.Sql, table: string, id: string, held: Record<string, string>): Promise<void> {
  const repaired = Object.fromEntries(Object.entries(held).map(([field, original]) => [field, { kind: "heldForUpgrade", original }]));
  await sql`insert into nextcrm_migrate.unmapped (table_name, id, mongo_id, data) values (${table}, ${id}, ${objectId()}, ${sql.json({ repaired })})`;
}

/**
 * What a migration leaves: the rows, the held values, and (keepLikeTheMigration) what it keeps.
 * Answers the ids of the rows, by the name a test gives each.
 */
async function migrated(sql: postgres.Sql) {
  const users = Object.fromEntries(USERS.map((u) => [u.name, randomUUID()])) as Record<UserName, string>;
  for (const u of USERS) {
    await sql`insert into "Users" (id, email, name, is_admin, is_account_admin) values (${users[u.name]}, ${`${u.name}@example.com`}, ${u.name}, ${u.is_admin}, ${u.is_account_admin})`;
  }

  const contacts = { vip: randomUUID(), padded: randomUUID(), customer: randomUUID(), empty: randomUUID(), lowercase: randomUUID() };
  const contact = (
    id: string,
    lastName: string,
    type: string | null,
    createdBy: string | null = null,
    createdByNew: string | null = null,
  ) =>
    sql`insert into "crm_Contacts" (id, last_name, type, created_by, "createdBy") values (${id}, ${lastName}, ${type}, ${createdBy}, ${createdByNew})`;
  await contact(contacts.vip, "Held VIP", null, users.admin, users.plain);
  await hold(sql, "crm_Contacts", contacts.vip, { type: "VIP" });
  await contact(contacts.padded, "Held padded", null);
  await hold(sql, "crm_Contacts", contacts.padded, { type: " Customer" });
  await contact(contacts.customer, "Customer", "Customer", users.admin);
  await contact(contacts.empty, "Held empty", null);
  await hold(sql, "crm_Contacts", contacts.empty, { type: "" });
  await contact(contacts.lowercase, "Lowercase", "customer");

  const leads = { held: randomUUID(), known: randomUUID(), noSource: randomUUID(), blankSource: randomUUID() };
  const lead = (id: string, status: string | null, type: string | null, source: string | null) =>
    sql`insert into "crm_Leads" (id, "lastName", status, type, lead_source) values (${id}, 'Lead', ${status}, ${type}, ${source})`;
  await lead(leads.held, null, null, "Web");
  await hold(sql, "crm_Leads", leads.held, { status: "Hot", type: "Webinar" });
  await lead(leads.known, "NEW", "DEMO", "Referral");
  await lead(leads.noSource, "Contacted", null, null);
  await lead(leads.blankSource, "Lost", null, "  ");

  const opportunities = { gbp: randomUUID(), eur: randomUUID(), euro: randomUUID(), chf: randomUUID(), none: randomUUID() };
  for (const [name, currency] of [
    ["gbp", "GBP"],
    ["eur", "EUR"],
    ["euro", "Euro"],
    ["chf", "chf"],
    ["none", null],
  ] as const) {
    await sql`insert into "crm_Opportunities" (id, name, currency, created_by) values (${opportunities[name]}, ${name}, ${currency}, ${users.accountAdmin})`;
  }

  await sql`insert into "openAi_keys" (id, __v, "user", organization_id, api_key) values (${randomUUID()}, 0, ${users.admin}, 'org', 'sk-secret')`;
  await sql`insert into "system_Modules_Enabled" (id, __v, name, enabled, position) values (${randomUUID()}, 0, 'crm', true, 1), (${randomUUID()}, 0, 'projects', false, 2)`;
  await keepLikeTheMigration(sql);
  return { users, contacts, leads, opportunities };
}

/** The migration's keep phase, as its description says: dropped tables whole, lost columns as their values. */
async function keepLikeTheMigration(sql: postgres.Sql): Promise<void> {
  for (const { table } of DROPPED_TABLES) {
    await sql.unsafe(`insert into nextcrm_migrate.upgrade_kept (table_name, id, data) select $1, t.id, to_jsonb(t) from "${table}" t`, [
      table,
    ]);
  }
  for (const { table, columns, everyRow } of LOST_COLUMNS) {
    const data = `jsonb_build_object(${columns.map((c) => `'${c}', t."${c}"`).join(", ")})`;
    const some = everyRow ? "" : ` where ${columns.map((c) => `t."${c}" is not null`).join(" or ")}`;
    await sql.unsafe(`insert into nextcrm_migrate.upgrade_kept (table_name, id, data) select $1, t.id, ${data} from "${table}" t${some}`, [
      table,
    ]);
  }
}

const rolesOf = async (sql: postgres.Sql) =>
  Object.fromEntries((await sql<{ id: string; role: string }[]>`select id, role::text from "Users"`).map((r) => [r.id, r.role]));

/** Everything after-upgrade may write, as one comparable value. */
const snapshot = async (sql: postgres.Sql) =>
  JSON.stringify([
    await sql`select id, role::text from "Users" order by id`,
    await sql`select id, contact_type_id from "crm_Contacts" order by id`,
    await sql`select id, lead_status_id, lead_type_id, lead_source_id from "crm_Leads" order by id`,
    await sql`select id, currency from "crm_Opportunities" order by id`,
    await sql`select * from "crm_Contact_Types" order by name`,
    await sql`select * from "crm_Lead_Statuses" order by name`,
    await sql`select * from "crm_Lead_Types" order by name`,
    await sql`select * from "crm_Lead_Sources" order by name`,
    await sql`select * from "Currency" order by code`,
    await sql`select * from nextcrm_migrate.after_upgrade order by table_name, id, column_name`,
  ]);

const nameOf = async (sql: postgres.Sql, lookup: string, id: string | null) =>
  id === null
    ? null
    : ((await sql.unsafe<{ name: string }[]>(`select name from "${lookup}" where id = $1`, [id]))[0]?.name ?? "(dangling)");

describe("after-upgrade", () => {
  it("puts back roles, lookups and currencies, changes nothing on a rerun, and leaves what a person changed", async () => {
    const url = await freshTarget();
    const sql = open(url);
    try {
      const m = await migrated(sql);
      await upgradeLikeNextcrm(sql);
      // What the upgrade left: every migrated user a manager.
      expect(new Set(Object.values(await rolesOf(sql)))).toEqual(new Set(["manager"]));
      // Someone made a user admin before after-upgrade ran; a user signed up after the upgrade.
      await sql`update "Users" set role = 'admin' where id = ${m.users.promotedByHand}`;
      const newcomer = randomUUID();
      await sql`insert into "Users" (id, email, role) values (${newcomer}, 'new@example.com', 'manager')`;

      const first = await afterUpgrade(url);
      expect(first.code, first.stderr).toBe(0);

      const roles = await rolesOf(sql);
      for (const u of USERS) {
        if (u.name !== "promotedByHand") expect(roles[m.users[u.name]], u.name).toBe(intendedRole(u));
      }
      expect(roles[m.users.promotedByHand]).toBe("admin");
      expect(roles[newcomer]).toBe("manager");

      const contactType = async (id: string) =>
        nameOf(
          sql,
          "crm_Contact_Types",
          (await sql<{ t: string | null }[]>`select contact_type_id as t from "crm_Contacts" where id = ${id}`)[0]!.t,
        );
      expect(await contactType(m.contacts.vip)).toBe("VIP");
      expect(await contactType(m.contacts.padded)).toBe(" Customer");
      expect(await contactType(m.contacts.customer)).toBe("Customer");
      expect(await contactType(m.contacts.lowercase)).toBe("Customer");
      expect(await contactType(m.contacts.empty)).toBeNull();

      const lead = async (id: string) => {
        const [l] = await sql<{ s: string | null; t: string | null; src: string | null }[]>`
          select lead_status_id as s, lead_type_id as t, lead_source_id as src from "crm_Leads" where id = ${id}`;
        return [
          await nameOf(sql, "crm_Lead_Statuses", l!.s),
          await nameOf(sql, "crm_Lead_Types", l!.t),
          await nameOf(sql, "crm_Lead_Sources", l!.src),
        ];
      };
      expect(await lead(m.leads.held)).toEqual(["Hot", "Webinar", "Web"]);
      expect(await lead(m.leads.known)).toEqual(["New", "Demo", "Referral"]);
      expect(await lead(m.leads.noSource)).toEqual(["Contacted", null, null]);
      expect(await lead(m.leads.blankSource)).toEqual(["Lost", null, null]);

      const currencies = Object.fromEntries(
        (await sql<{ id: string; currency: string | null }[]>`select id, currency from "crm_Opportunities"`).map((o) => [o.id, o.currency]),
      );
      expect(currencies[m.opportunities.gbp]).toBe("GBP");
      expect(currencies[m.opportunities.eur]).toBe("EUR");
      expect(currencies[m.opportunities.chf]).toBe("CHF");
      expect(currencies[m.opportunities.euro]).toBeNull();
      expect(currencies[m.opportunities.none]).toBeNull();
      expect(
        await sql`select code, name, symbol, "isEnabled", "isDefault" from "Currency" where code in ('GBP', 'CHF') order by code`,
      ).toEqual([
        { code: "CHF", name: "CHF", symbol: "CHF", isEnabled: true, isDefault: false },
        { code: "GBP", name: "GBP", symbol: "GBP", isEnabled: true, isDefault: false },
      ]);

      // Recorded: every kept user's role but the one set by hand, and each value written.
      const recorded = await sql<{ table_name: string; column_name: string; n: number }[]>`
        select table_name, column_name, count(*)::int as n from nextcrm_migrate.after_upgrade group by 1, 2 order by 1, 2`;
      expect(recorded).toEqual([
        { table_name: "Users", column_name: "role", n: 4 },
        { table_name: "crm_Contacts", column_name: "contact_type_id", n: 2 },
        { table_name: "crm_Leads", column_name: "lead_source_id", n: 2 },
        { table_name: "crm_Leads", column_name: "lead_status_id", n: 1 },
        { table_name: "crm_Leads", column_name: "lead_type_id", n: 1 },
        { table_name: "crm_Opportunities", column_name: "currency", n: 2 },
      ]);

      const out = first.stdout;
      expect(out).toMatch(/roles \(Users\.role\): 3 set .*1 already right, 1 left as a person set them/);
      expect(out).toContain(`${m.users.promotedByHand} (promotedByHand@example.com) is "admin"`);
      expect(out).toContain(`"VIP"`);
      expect(out).toContain(`" Customer"`);
      expect(out).toContain(`${m.contacts.empty} ""`);
      expect(out).toContain(`${m.opportunities.euro} "Euro"`);
      expect(out).toContain(`added to Currency: "CHF"; "GBP"`);
      expect(out).toMatch(/openAi_keys: 1 row\(s\), in nextcrm_migrate\.upgrade_kept/);
      expect(out).toMatch(/system_Modules_Enabled: 2 row\(s\)/);
      expect(out).toMatch(new RegExp(`crm_Contacts\\.created_by: 1 row\\(s\\).*${m.contacts.vip}`));
      expect(out).not.toContain("crm_Opportunities.created_by");
      expect(out).toMatch(/^next: .*sign in as an administrator/m);

      const before = await snapshot(sql);
      const second = await afterUpgrade(url);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain("nothing changed");
      expect(await snapshot(sql)).toBe(before);

      // A person demotes a user after-upgrade made admin: the next run leaves it, and says so.
      await sql`update "Users" set role = 'user' where id = ${m.users.admin}`;
      const third = await afterUpgrade(url);
      expect(third.code, third.stderr).toBe(0);
      expect((await rolesOf(sql))[m.users.admin]).toBe("user");
      expect(third.stdout).toContain(
        `${m.users.admin} (admin@example.com) is "user", after-upgrade would set "admin" (changed since an earlier after-upgrade set it)`,
      );
      expect(third.stdout).toContain("nothing changed");
    } finally {
      await sql.end();
    }
  });

  it("refuses before NextCRM's upgrade and after only part of it, with exit 4, writing nothing", async () => {
    const url = await freshTarget();
    const sql = open(url);
    try {
      const m = await migrated(sql);
      const flags = async () => sql`select id, is_admin, is_account_admin from "Users" order by id`;
      const flagsBefore = await flags();
      const nothingWritten = async () => expect(await sql`select * from nextcrm_migrate.after_upgrade`).toHaveLength(0);

      const before = await afterUpgrade(url);
      expect(before.code).toBe(4);
      expect(before.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[NOT_UPGRADED\]: .*npx prisma migrate deploy/)]);
      await nothingWritten();
      expect(await flags()).toEqual(flagsBefore);

      for (const through of [ROLE_COLUMN_ADDED, ROLES_BACKFILLED]) {
        await upgradeLikeNextcrm(sql, { through });
        const roles = await rolesOf(sql);
        const partly = await afterUpgrade(url);
        expect(partly.code, through).toBe(4);
        expect(partly.stderr).toMatch(/^error \[NOT_UPGRADED\]: /m);
        await nothingWritten();
        expect(await rolesOf(sql)).toEqual(roles);
      }

      await upgradeLikeNextcrm(sql);
      const done = await afterUpgrade(url);
      expect(done.code, done.stderr).toBe(0);
      expect((await rolesOf(sql))[m.users.admin]).toBe("admin");
    } finally {
      await sql.end();
    }
  });

  it("refuses a database nextcrm-migrate did not migrate, with exit 4", async () => {
    const upgradedByHand = await freshTarget();
    const sql = open(upgradedByHand);
    try {
      await sql`insert into "Users" (id, email, is_admin) values (${randomUUID()}, 'someone@example.com', true)`;
      await upgradeLikeNextcrm(sql);
      const roles = await rolesOf(sql);
      const r = await afterUpgrade(upgradedByHand);
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(/^error \[NOT_MIGRATED\]: /m);
      expect(await rolesOf(sql)).toEqual(roles);
    } finally {
      await sql.end();
    }

    const empty = await afterUpgrade(await freshPostgres());
    expect(empty.code).toBe(4);
    expect(empty.stderr).toMatch(/^error \[NOT_MIGRATED\]: /m);
  });
});
