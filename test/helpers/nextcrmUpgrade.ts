// What NextCRM's own upgrade (`npx prisma migrate deploy` from `0_init` to release 0.21.2) does to
// the parts of a migrated database that `after-upgrade` cares about, written here from the facts
// in src/nextcrm/today.ts: the roles, the settings lookups, the currencies, the dropped tables and
// created_by. Not NextCRM's SQL: the effects on the data and the shapes `after-upgrade` reads, each
// step with the `_prisma_migrations` row Prisma leaves. A test applies all of it, or only the steps
// up to one, to stand for a database NextCRM has upgraded partly.
import { createHash } from "node:crypto";
import type postgres from "postgres";

export interface UpgradeStep {
  /** The NextCRM migration whose effects this step has, as `_prisma_migrations` names it. */
  migration: string;
  sql: string;
}

/** A lookup table of NextCRM's settings migration: names unique, ids made by the database. */
const lookupTable = (name: string) => `
  create table "${name}" (
    id uuid not null default gen_random_uuid() primary key,
    "__v" integer not null default 0,
    name text not null unique
  );`;

/** Points `column` of `table` at the lookup row whose name equals `from`, ignoring case. */
const matchIgnoringCase = (table: string, column: string, from: string, lookup: string) => `
  update "${table}" r set ${column} = (select l.id from "${lookup}" l where lower(l.name) = lower(r.${from}))
   where r.${from} is not null;`;

/** created_by folded into createdBy where that is empty, createdBy naming nobody cleared, created_by gone. */
const foldCreatedBy = (table: string) => `
  update "${table}" set "createdBy" = created_by where "createdBy" is null and created_by is not null;
  update "${table}" r set "createdBy" = null
   where r."createdBy" is not null and not exists (select 1 from "Users" u where u.id = r."createdBy");
  alter table "${table}" drop column created_by;
  alter table "${table}" add constraint "${table}_createdBy_fkey" foreign key ("createdBy")
    references "Users"(id) on delete set null on update cascade;`;

/** In the order Prisma applies them (by name); only the migrations whose effects matter here. */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  {
    migration: "20260323000001_add_api_keys",
    sql: `
      create table "ApiKeys" (id uuid primary key default gen_random_uuid(), name text not null, "keyHash" text not null);
      drop table "openAi_keys";`,
  },
  {
    migration: "20260325000001_drop_system_modules_enabled",
    sql: `drop table "system_Modules_Enabled";`,
  },
  {
    migration: "20260327000001_crm_settings_db_backed",
    sql: `
      ${lookupTable("crm_Contact_Types")}
      ${lookupTable("crm_Lead_Sources")}
      ${lookupTable("crm_Lead_Statuses")}
      ${lookupTable("crm_Lead_Types")}
      insert into "crm_Contact_Types" (name) values ('Customer'), ('Partner'), ('Vendor'), ('Prospect');
      insert into "crm_Lead_Statuses" (name) values ('New'), ('Contacted'), ('Qualified'), ('Lost');
      insert into "crm_Lead_Types" (name) values ('Demo');
      alter table "crm_Contacts" add column contact_type_id uuid;
      alter table "crm_Leads" add column lead_source_id uuid, add column lead_status_id uuid, add column lead_type_id uuid;
      ${matchIgnoringCase("crm_Contacts", "contact_type_id", "type", "crm_Contact_Types")}
      ${matchIgnoringCase("crm_Leads", "lead_status_id", "status", "crm_Lead_Statuses")}
      ${matchIgnoringCase("crm_Leads", "lead_type_id", "type", "crm_Lead_Types")}
      -- A value no seeded name matches fails the whole migration, which then changes nothing.
      do $$
      declare
        unmatched bigint;
      begin
        select (select count(*) from "crm_Contacts" where type is not null and contact_type_id is null)
             + (select count(*) from "crm_Leads" where status is not null and lead_status_id is null)
             + (select count(*) from "crm_Leads" where type is not null and lead_type_id is null)
          into unmatched;
        if unmatched > 0 then
          raise exception 'settings backfill left % value(s) without a lookup row', unmatched;
        end if;
      end $$;
      alter table "crm_Contacts" drop column type;
      alter table "crm_Leads" drop column status, drop column type, drop column lead_source;
      alter table "crm_Contacts" add constraint "crm_Contacts_contact_type_id_fkey" foreign key (contact_type_id)
        references "crm_Contact_Types"(id) on delete set null;
      alter table "crm_Leads"
        add constraint "crm_Leads_lead_source_id_fkey" foreign key (lead_source_id) references "crm_Lead_Sources"(id) on delete set null,
        add constraint "crm_Leads_lead_status_id_fkey" foreign key (lead_status_id) references "crm_Lead_Statuses"(id) on delete set null,
        add constraint "crm_Leads_lead_type_id_fkey" foreign key (lead_type_id) references "crm_Lead_Types"(id) on delete set null;`,
  },
  {
    migration: "20260401000000_add_better_auth_tables_and_role",
    sql: `alter table "Users" add column role text not null default 'member';`,
  },
  {
    migration: "20260404150000_add_currency_support",
    sql: `
      create table "Currency" (
        code varchar(3) primary key,
        name text not null,
        symbol varchar(5) not null,
        "isEnabled" boolean not null default true,
        "isDefault" boolean not null default false,
        "createdAt" timestamp(3) not null default current_timestamp,
        "updatedAt" timestamp(3) not null
      );
      insert into "Currency" (code, name, symbol, "updatedAt") values
        ('EUR', 'Euro', '€', current_timestamp), ('USD', 'US Dollar', '$', current_timestamp), ('CZK', 'Czech Koruna', 'Kč', current_timestamp);
      update "crm_Opportunities" set currency = left(trim(currency), 3) where currency is not null;
      update "crm_Opportunities" o set currency = null
       where currency is not null and not exists (select 1 from "Currency" c where c.code = o.currency);
      alter table "crm_Opportunities" alter column currency type varchar(3);
      alter table "crm_Opportunities" add constraint "crm_Opportunities_currency_fkey" foreign key (currency)
        references "Currency"(code) on delete set null on update cascade;`,
  },
  {
    migration: "20260406120000_cleanup_dead_models_and_bigint",
    sql: `drop table "gpt_models"; drop table "modulStatus";`,
  },
  {
    migration: "20260415164939_invoices_module",
    sql: `
      drop table "Invoices" cascade;
      create table "Invoices" (id uuid primary key default gen_random_uuid(), number text not null, "createdAt" timestamp(3) not null default current_timestamp);`,
  },
  {
    migration: "20260501165804_canonical_roles_backfill",
    sql: `
      update "Users" set role = case role
        when 'admin' then 'admin' when 'member' then 'manager' when 'viewer' then 'user'
        when 'user' then 'user' when 'manager' then 'manager' else 'user' end;
      update "Users" set is_admin = (role = 'admin');`,
  },
  {
    migration: "20260504120000_authz_phase_f_role_enum",
    sql: `
      create type "AppRole" as enum ('user', 'manager', 'admin');
      update "Users" set role = 'user' where role not in ('user', 'manager', 'admin');
      alter table "Users" alter column role drop default;
      alter table "Users" alter column role type "AppRole" using role::"AppRole";
      alter table "Users" alter column role set default 'user';`,
  },
  {
    migration: "20260504120100_authz_phase_f_drop_legacy_admin_flags",
    sql: `alter table "Users" drop column is_admin, drop column is_account_admin;`,
  },
  {
    migration: "20260505120000_authz_phase_f1_drop_legacy_created_by",
    sql: `${foldCreatedBy("crm_Contacts")} ${foldCreatedBy("crm_Opportunities")}`,
  },
];

/** The first migration of the role chain: roles exist but are all 'member', is_admin is still there. */
export const ROLE_COLUMN_ADDED = "20260401000000_add_better_auth_tables_and_role";
/** The roles are mapped and is_admin cleared, but the flags are not dropped and the enum not made. */
export const ROLES_BACKFILLED = "20260501165804_canonical_roles_backfill";

/**
 * Applies the steps after those `_prisma_migrations` already lists, up to and including `through`
 * (all of them without), each in its own transaction as Prisma does. Answers the steps applied.
 */
export async function upgradeLikeNextcrm(sql: postgres.Sql, { through }: { through?: string } = {}): Promise<string[]> {
  const done = new Set(
    (await sql<{ migration_name: string }[]>`select migration_name from "_prisma_migrations" where finished_at is not null`).map(
      (r) => r.migration_name,
    ),
  );
  const last = through === undefined ? UPGRADE_STEPS.length - 1 : UPGRADE_STEPS.findIndex((s) => s.migration === through);
  if (last < 0) throw new Error(`no upgrade step ${through}`);
  const applied: string[] = [];
  for (const step of UPGRADE_STEPS.slice(0, last + 1)) {
    if (done.has(step.migration)) continue;
    await sql.begin(async (tx) => {
      await tx.unsafe(step.sql);
      await tx`insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
        values (gen_random_uuid()::text, ${createHash("sha256").update(step.sql).digest("hex")}, now(), ${step.migration}, now(), 1)`;
    });
    applied.push(step.migration);
  }
  return applied;
}
