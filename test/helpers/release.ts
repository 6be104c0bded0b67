// NextCRM's release schema as data (test/fixtures/release-schema.json: its 0_init migration read
// back from pg_catalog), to compare a live catalog with, and to build the database NextCRM itself
// would have made. Deliberately independent of src/schema: the facts, not our rendering of them.
import { readFileSync } from "node:fs";
import type { Catalog, Query } from "../../src/postgres/catalog.js";
import { readCatalog } from "../../src/postgres/catalog.js";

export interface ReleaseFacts {
  tables: Catalog["tables"];
  enums: Catalog["enums"];
  extensions: string[];
  prismaMigrations: { ddl: string; row: { migration_name: string; checksum: string } };
}

export const release = JSON.parse(readFileSync(new URL("../fixtures/release-schema.json", import.meta.url), "utf8")) as ReleaseFacts;

/**
 * What docs/ARCHITECTURE.md allows beyond the release, and nothing else: each index with its table
 * and its definition as `pg_get_indexdef` prints it. The full-text indexes cover the first 16,384
 * characters of each column and the notes index the first 512 of each note (README, "What this tool
 * adds"): bounded, so that no value the release accepts is refused by them.
 */
export const ALLOWED_INDEXES: Record<string, { table: string; def: string }> = {
  crm_accounts_name_fts_idx: {
    table: "crm_Accounts",
    def: `CREATE INDEX crm_accounts_name_fts_idx ON public."crm_Accounts" USING gin (to_tsvector('english'::regconfig, "left"(COALESCE(name, ''::text), 16384)))`,
  },
  crm_leads_name_fts_idx: {
    table: "crm_Leads",
    def: `CREATE INDEX crm_leads_name_fts_idx ON public."crm_Leads" USING gin (to_tsvector('english'::regconfig, (((("left"(COALESCE("firstName", ''::text), 16384) || ' '::text) || "left"(COALESCE("lastName", ''::text), 16384)) || ' '::text) || "left"(COALESCE(company, ''::text), 16384))))`,
  },
  crm_contacts_name_fts_idx: {
    table: "crm_Contacts",
    def: `CREATE INDEX crm_contacts_name_fts_idx ON public."crm_Contacts" USING gin (to_tsvector('english'::regconfig, (("left"(COALESCE(first_name, ''::text), 16384) || ' '::text) || "left"(COALESCE(last_name, ''::text), 16384))))`,
  },
  crm_contacts_notes_gin_idx: {
    table: "crm_Contacts",
    def: `CREATE INDEX crm_contacts_notes_gin_idx ON public."crm_Contacts" USING gin (nextcrm_migrate.note_prefixes(notes))`,
  },
  crm_opportunities_name_fts_idx: {
    table: "crm_Opportunities",
    def: `CREATE INDEX crm_opportunities_name_fts_idx ON public."crm_Opportunities" USING gin (to_tsvector('english'::regconfig, (("left"(COALESCE(name, ''::text), 16384) || ' '::text) || "left"(COALESCE(description, ''::text), 16384))))`,
  },
  documents_name_fts_idx: {
    table: "Documents",
    def: `CREATE INDEX documents_name_fts_idx ON public."Documents" USING gin (to_tsvector('english'::regconfig, (("left"(COALESCE(document_name, ''::text), 16384) || ' '::text) || "left"(COALESCE(description, ''::text), 16384))))`,
  },
  documents_tags_gin_idx: { table: "Documents", def: `CREATE INDEX documents_tags_gin_idx ON public."Documents" USING gin (tags)` },
  invoices_number_fts_idx: {
    table: "Invoices",
    def: `CREATE INDEX invoices_number_fts_idx ON public."Invoices" USING gin (to_tsvector('english'::regconfig, (((("left"(COALESCE(invoice_number, ''::text), 16384) || ' '::text) || "left"(COALESCE(partner, ''::text), 16384)) || ' '::text) || "left"(COALESCE(description, ''::text), 16384))))`,
  },
  invoices_items_gin_idx: { table: "Invoices", def: `CREATE INDEX invoices_items_gin_idx ON public."Invoices" USING gin (invoice_items)` },
  tasks_title_fts_idx: {
    table: "Tasks",
    def: `CREATE INDEX tasks_title_fts_idx ON public."Tasks" USING gin (to_tsvector('english'::regconfig, (("left"(COALESCE(title, ''::text), 16384) || ' '::text) || "left"(COALESCE(content, ''::text), 16384))))`,
  },
  tasks_tags_gin_idx: { table: "Tasks", def: `CREATE INDEX tasks_tags_gin_idx ON public."Tasks" USING gin (tags)` },
  crm_accounts_tasks_title_fts_idx: {
    table: "crm_Accounts_Tasks",
    def: `CREATE INDEX crm_accounts_tasks_title_fts_idx ON public."crm_Accounts_Tasks" USING gin (to_tsvector('english'::regconfig, (("left"(COALESCE(title, ''::text), 16384) || ' '::text) || "left"(COALESCE(content, ''::text), 16384))))`,
  },
  crm_accounts_tasks_tags_gin_idx: {
    table: "crm_Accounts_Tasks",
    def: `CREATE INDEX crm_accounts_tasks_tags_gin_idx ON public."crm_Accounts_Tasks" USING gin (tags)`,
  },
  users_active_idx: {
    table: "Users",
    def: `CREATE INDEX users_active_idx ON public."Users" USING btree ("userStatus") WHERE ("userStatus" = 'ACTIVE'::"ActiveStatus")`,
  },
};

/**
 * Every way the live `public` differs from the release, one line each, compared exactly (the
 * server's own definitions against the facts). `_prisma_migrations` is compared with Prisma's DDL
 * created in a scratch schema of the same database.
 */
export async function releaseDifferences(query: Query): Promise<{ differences: string[]; counts: Record<string, number> }> {
  const live = await readCatalog(query);
  const out: string[] = [];
  const counts = { tables: 0, columns: 0, constraints: 0, indexes: 0, enums: 0 };
  for (const [name, want] of Object.entries(release.tables)) {
    counts.tables++;
    const have = live.tables[name];
    if (!have) {
      out.push(`missing table ${name}`);
      continue;
    }
    for (const c of want.columns) {
      counts.columns++;
      const h = have.columns.find((x) => x.name === c.name);
      if (!h) out.push(`missing column ${name}.${c.name}`);
      else
        for (const k of ["type", "default", "notNull"] as const)
          if (h[k] !== c[k]) out.push(`column ${name}.${c.name} ${k}: ${c[k]} → ${h[k]}`);
    }
    for (const h of have.columns) if (!want.columns.some((c) => c.name === h.name)) out.push(`extra column ${name}.${h.name}`);
    for (const kind of ["constraints", "indexes"] as const) {
      for (const [n, def] of Object.entries(want[kind])) {
        counts[kind]++;
        if (have[kind][n] !== def) out.push(`${kind} ${n}: ${def} → ${have[kind][n] ?? "missing"}`);
      }
      for (const [n, def] of Object.entries(have[kind])) if (!(n in want[kind])) out.push(`extra ${kind} ${n} on ${name}: ${def}`);
    }
  }
  for (const [name, labels] of Object.entries(release.enums)) {
    counts.enums++;
    if (live.enums[name]?.join() !== labels.join()) out.push(`enum ${name}: ${labels.join()} → ${live.enums[name]?.join() ?? "missing"}`);
  }
  for (const name of Object.keys(live.enums)) if (!(name in release.enums)) out.push(`extra enum ${name}`);
  for (const e of live.extensions) if (!release.extensions.includes(e)) out.push(`extra extension ${e}`);
  for (const e of release.extensions) if (!live.extensions.includes(e)) out.push(`missing extension ${e}`);
  for (const name of Object.keys(live.tables))
    if (!(name in release.tables) && name !== "_prisma_migrations") out.push(`extra table ${name}`);

  await query(`drop schema if exists prisma_ddl cascade`, []);
  await query(`create schema prisma_ddl`, []);
  await query(
    release.prismaMigrations.ddl.replace(`CREATE TABLE "_prisma_migrations"`, `CREATE TABLE prisma_ddl."_prisma_migrations"`),
    [],
  );
  const ddl = (await readCatalog(query, "prisma_ddl")).tables._prisma_migrations;
  await query(`drop schema prisma_ddl cascade`, []);
  const ours = live.tables._prisma_migrations;
  if (!ours) out.push("missing table _prisma_migrations");
  else if (JSON.stringify(ours).replace(/public\./g, "prisma_ddl.") !== JSON.stringify(ddl))
    out.push(`_prisma_migrations differs from Prisma's DDL: ${JSON.stringify(ours)}`);
  return { differences: out, counts };
}

/** The differences the release may have, and only these (see docs/ARCHITECTURE.md). */
export function allowedDifferences(extensions: string[]): string[] {
  return [
    ...Object.entries(ALLOWED_INDEXES).map(([n, { table, def }]) => `extra indexes ${n} on ${table}: ${def}`),
    "column tasksComments.task notNull: true → false",
    ...extensions.map((e) => `extra extension ${e}`),
  ];
}

/**
 * What NextCRM's `prisma migrate deploy` of 0_init leaves in an empty database, built from the
 * facts: the enums, tables, constraints and indexes, `_prisma_migrations` and its 0_init row.
 */
export async function createReleaseDatabase(query: Query): Promise<void> {
  const q = (s: string) => query(s, []);
  for (const [name, labels] of Object.entries(release.enums))
    await q(`create type "${name}" as enum (${labels.map((l) => `'${l}'`).join(", ")})`);
  for (const [name, t] of Object.entries(release.tables)) {
    const cols = t.columns.map(
      (c) => `"${c.name}" ${c.type}${c.default !== null ? ` default ${c.default}` : ""}${c.notNull ? " not null" : ""}`,
    );
    await q(`create table "${name}" (${cols.join(", ")})`);
  }
  const all = Object.entries(release.tables);
  const constraints = all.flatMap(([t, v]) => Object.entries(v.constraints).map(([n, d]) => [t, n, d] as const));
  for (const [t, n, d] of constraints.filter(([, , d]) => d.startsWith("PRIMARY KEY")))
    await q(`alter table "${t}" add constraint "${n}" ${d}`);
  for (const [, v] of all) for (const [n, d] of Object.entries(v.indexes)) if (!(n in v.constraints)) await q(d);
  for (const [t, n, d] of constraints.filter(([, , d]) => d.startsWith("FOREIGN KEY")))
    await q(`alter table "${t}" add constraint "${n}" ${d}`);
  await q(release.prismaMigrations.ddl);
  const { migration_name, checksum } = release.prismaMigrations.row;
  await query(
    `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) values (gen_random_uuid()::text, $1, now(), $2, now(), 1)`,
    [checksum, migration_name],
  );
}
