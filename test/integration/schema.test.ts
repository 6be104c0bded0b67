// `schema apply` and `schema check` against a real PostgreSQL, compared with NextCRM's release
// schema read as data (test/fixtures/release-schema.json), not with our own rendering of it.
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { readCatalog, type Query } from "../../src/postgres/catalog.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { applySchema, EXTENSIONS, VECTOR_HINT, type WantedExtension } from "../../src/postgres/schemaApply.js";
import { readMigrations } from "../../src/postgres/history.js";
import { checkSchema } from "../../src/postgres/schemaCheck.js";
import { runCli, workdir } from "../helpers/cli.js";
import { freshMongo, freshPostgres, freshTarget, seedInto, withDatabase } from "../helpers/databases.js";
import { allowedDifferences, createReleaseDatabase, release, releaseDifferences } from "../helpers/release.js";

const open = (url: string) => postgres(url, { max: 1, onnotice: () => {} });
const queryOf =
  (sql: postgres.Sql): Query =>
  (text, params) =>
    sql.unsafe(text, params as never[]) as never;

/** Whether the server has pgvector (Debian's PostgreSQL has not, the pgvector image has): the tests hold either way. */
async function hasVector(url: string): Promise<boolean> {
  const sql = open(url);
  try {
    return (await sql`select 1 from pg_available_extensions where name = 'vector'`).length > 0;
  } finally {
    await sql.end();
  }
}

/** What `schema apply` as a superuser creates on this server. */
const created = (vector: boolean) => (vector ? ["uuid-ossp", "vector"] : ["uuid-ossp"]);

/** A role that logs in with this password, and the URL of `url`'s database as that role. */
function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = "pw";
  return u.toString();
}

/** How many of the schemas `schema apply` makes (its journal's, the tool's own) exist: 0 when it wrote nothing. */
const toolSchemas = async (sql: postgres.Sql) =>
  (
    (await sql`select count(*)::int as n from pg_namespace where nspname in ('drizzle', 'nextcrm_migrate')`) as unknown as [{ n: number }]
  )[0].n;

describe("schema apply", () => {
  it("creates NextCRM's release schema exactly on a fresh database, twice, and check then finds nothing", async () => {
    const url = await freshPostgres();
    const vector = await hasVector(url);
    const first = await runCli(["schema", "apply", "--postgres", url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`(extensions: ${created(vector).join(", ")})`);
    // Without pgvector (Debian's PostgreSQL) one warning that says how to get it, not a failure.
    expect(first.stderr).toBe(vector ? "" : `warning: ${VECTOR_HINT}\n`);
    const second = await runCli(["schema", "apply", "--postgres", url]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("already");

    const sql = open(url);
    try {
      const { differences, counts } = await releaseDifferences(queryOf(sql));
      expect(differences.sort()).toEqual(allowedDifferences(created(vector)).sort());
      expect(counts).toEqual({ tables: 39, columns: 410, constraints: 91, indexes: 160, enums: 10 });
      // As `prisma migrate deploy` leaves it after 0_init.
      const rows = await sql`select * from "_prisma_migrations"`;
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        migration_name: "0_init",
        checksum: release.prismaMigrations.row.checksum,
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row!.finished_at).toBeInstanceOf(Date);
      expect(row!.id).toMatch(/^[0-9a-f-]{36}$/);
      // The tool's own tables live beside NextCRM's, not among them.
      const own =
        await sql`select table_schema, table_name from information_schema.tables where table_schema = 'nextcrm_migrate' order by 2`;
      expect(own.map((r) => `${r.table_schema}.${r.table_name}`)).toEqual([
        "nextcrm_migrate.after_upgrade",
        "nextcrm_migrate.junction_stage",
        "nextcrm_migrate.junction_synced",
        "nextcrm_migrate.row_hash",
        "nextcrm_migrate.unmapped",
        "nextcrm_migrate.upgrade_kept",
      ]);
      // The notes index's function lives there too, IMMUTABLE; public has no function but the extensions'.
      const functions =
        await sql`select n.nspname || '.' || p.proname as name, p.provolatile as volatility from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'nextcrm_migrate') and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e') order by 1`;
      expect(functions).toEqual([{ name: "nextcrm_migrate.note_prefixes", volatility: "i" }]);
    } finally {
      await sql.end();
    }

    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain("schema matches");
  });

  it("recognises a database NextCRM's own 0_init created, adds only what is allowed, and keeps its history", async () => {
    const url = await freshPostgres();
    const sql = open(url);
    try {
      await createReleaseDatabase(queryOf(sql));
      const [{ id }] = (await sql`select id from "_prisma_migrations"`) as unknown as [{ id: string }];

      const before = await runCli(["schema", "check", "--postgres", url]);
      expect(before.code).toBe(1);
      expect(before.stdout).toContain("missing index users_active_idx");
      expect(before.stdout).toContain("column tasksComments.task: expected uuid, found uuid not null");
      expect(before.stdout).toContain("this is the schema NextCRM's own 0_init created: `schema apply` adds this tool's part to it.");

      const apply = await runCli(["schema", "apply", "--postgres", url]);
      expect(apply.code, apply.stderr).toBe(0);
      expect(apply.stdout).toContain("NextCRM's own 0_init");
      const { differences } = await releaseDifferences(queryOf(sql));
      expect(differences.sort()).toEqual(allowedDifferences(created(await hasVector(url))).sort());
      expect(await sql`select id, migration_name from "_prisma_migrations"`).toEqual([{ id, migration_name: "0_init" }]);

      const check = await runCli(["schema", "check", "--postgres", url]);
      expect(check.code, check.stdout).toBe(0);
    } finally {
      await sql.end();
    }
  });

  it("refuses a database NextCRM has upgraded past 0_init, and writes nothing", async () => {
    const url = await freshPostgres();
    const sql = open(url);
    try {
      await createReleaseDatabase(queryOf(sql));
      await sql`insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
        values (gen_random_uuid()::text, 'x', now(), '20250101000000_make_tasks_comments_task_nullable', now(), 1)`;
      const catalog = async () => JSON.stringify([await readCatalog(queryOf(sql)), await sql`select nspname from pg_namespace order by 1`]);
      const before = await catalog();

      const apply = await runCli(["schema", "apply", "--postgres", url]);
      expect(apply.code).toBe(2);
      expect(apply.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[NEXTCRM_UPGRADED\]: /)]);
      expect(apply.stderr).toContain("20250101000000_make_tasks_comments_task_nullable");

      const migrate = await runCli(["migrate", "--mongo", freshMongo(), "--postgres", url]);
      expect(migrate.code).toBe(2);
      expect(migrate.stderr).toMatch(/^error \[NEXTCRM_UPGRADED\]: /m);
      expect(await catalog()).toBe(before);

      const check = await runCli(["schema", "check", "--postgres", url]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(
        "_prisma_migrations lists NextCRM migrations past 0_init: 20250101000000_make_tasks_comments_task_nullable",
      );
    } finally {
      await sql.end();
    }
  });

  it("refuses NextCRM's tables without a history, and the schema of an earlier version of this tool", async () => {
    const url = await freshPostgres();
    const sql = open(url);
    try {
      await sql`create table "Users" (id uuid primary key)`;
      const bare = await runCli(["schema", "apply", "--postgres", url]);
      expect(bare.code).toBe(2);
      expect(bare.stderr).toMatch(/^error \[FOREIGN_SCHEMA\]: .*\(Users\)/m);
      await sql`drop table "Users"`;

      await sql`create schema drizzle`;
      await sql`create table drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`;
      await sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('an earlier schema', 1)`;
      const earlier = await runCli(["schema", "apply", "--postgres", url]);
      expect(earlier.code).toBe(2);
      expect(earlier.stderr).toMatch(/^error \[FOREIGN_SCHEMA\]: .*earlier nextcrm-migrate/m);
      const [{ n }] =
        (await sql`select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'`) as unknown as [
          { n: number },
        ];
      expect(n).toBe(0);
    } finally {
      await sql.end();
    }
  });
});

describe("schema apply as a role that may not create what the schema needs", () => {
  it("stops with exit 2 in one line that says what to ask for, and writes nothing", async () => {
    const url = await freshPostgres();
    const db = new URL(url).pathname.slice(1);
    const role = `r_${db}`;
    const admin = open(url);
    try {
      await admin.unsafe(
        `create role "${role}" login password 'pw'; revoke create on database "${db}" from public; grant usage, create on schema public to "${role}"`,
      );
      const u = new URL(url);
      u.username = role;
      u.password = "pw";
      const apply = await runCli(["schema", "apply", "--postgres", u.toString()]);
      expect(apply.code).toBe(2);
      expect(apply.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[EXTENSION\]: .*uuid-ossp/)]);
      expect(await toolSchemas(admin)).toBe(0);
    } finally {
      await admin.unsafe(`drop owned by "${role}"; drop role "${role}"`).catch(() => {});
      await admin.end();
    }
  });

  it("stops with exit 2 in one line when it may not create schemas, and writes nothing", async () => {
    const url = await freshPostgres();
    const db = new URL(url).pathname.slice(1);
    const role = `s_${db}`;
    const admin = open(url);
    try {
      await admin.unsafe(
        `create extension "uuid-ossp"; create role "${role}" login password 'pw'; revoke create on database "${db}" from public; grant usage, create on schema public to "${role}"`,
      );
      const apply = await runCli(["schema", "apply", "--postgres", asRole(url, role)]);
      expect(apply.code, apply.stderr).toBe(2);
      expect(apply.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[PERMISSION\]: /)]);
      expect(await toolSchemas(admin)).toBe(0);
    } finally {
      await admin.unsafe(`drop owned by "${role}"; drop role "${role}"`).catch(() => {});
      await admin.end();
    }
  });
});

describe("schema apply as the database's owner, not a superuser", () => {
  /** A fresh database owned by a role of its own, as a hosting service hands one out; `run` gets the role's URL. */
  async function asOwner(run: (url: string, admin: postgres.Sql) => Promise<void>): Promise<void> {
    const url = await freshPostgres();
    const db = new URL(url).pathname.slice(1);
    const role = `o_${db}`;
    const admin = open(url);
    try {
      await admin.unsafe(`create role "${role}" login password 'pw'; alter database "${db}" owner to "${role}"`);
      await run(asRole(url, role), admin);
    } finally {
      await admin
        .unsafe(
          `alter database "${db}" owner to current_user; reassign owned by "${role}" to current_user; drop owned by "${role}"; drop role "${role}"`,
        )
        .catch(() => {});
      await admin.end();
    }
  }

  it("applies the schema, with vector or with one warning that says what to ask for, and check accepts it", async () => {
    await asOwner(async (url) => {
      const vector = await hasVector(url);
      const apply = await runCli(["schema", "apply", "--postgres", url]);
      expect(apply.code, apply.stderr).toBe(0);
      const made = /\(extensions: ([^)]*)\)/.exec(apply.stdout)?.[1];
      const warnings = apply.stderr.trim() ? apply.stderr.trim().split("\n") : [];
      if (!vector) {
        expect(made).toBe("uuid-ossp");
        expect(warnings).toEqual([`warning: ${VECTOR_HINT}`]);
      } else if (made === "uuid-ossp, vector") {
        // A pgvector marked trusted: a database's owner may create it.
        expect(warnings).toEqual([]);
      } else {
        expect(made).toBe("uuid-ossp");
        expect(warnings).toEqual([
          `warning: could not create the extension vector (permission denied to create extension "vector"), so the schema is applied without it: NextCRM's AI features will need it; ask the database's owner or administrator to run CREATE EXTENSION "vector" in this database (or use the pgvector/pgvector:pg16 image), then rerun \`schema apply\`.`,
        ]);
      }
      // With vector or without, the schema is NextCRM's: check, and so migrate and validate, accept it.
      const check = await runCli(["schema", "check", "--postgres", url]);
      expect(check.code, check.stdout).toBe(0);
    });
  });

  it("applies the schema without an extension the server has but refuses to this role: one warning, not a difference", async () => {
    // pageinspect (PostgreSQL's contrib, like uuid-ossp) may be created by superusers only: the
    // server refuses it to a database's owner as it refuses a pgvector that is not marked trusted,
    // through the same code, on a server with pgvector or without.
    const refused: WantedExtension = { name: "pageinspect", required: false, neededBy: "the feature", otherwise: "another server" };
    const extensions = [...EXTENSIONS.filter((e) => e.required), refused];
    await asOwner(async (url, admin) => {
      expect(await admin`select 1 from pg_available_extensions where name = 'pageinspect'`, "the server has pageinspect").toHaveLength(1);
      const sql = await openPostgres(url, { max: 1 });
      try {
        const applied = await applySchema(sql, { extensions });
        expect(applied.extensions).toEqual(["uuid-ossp"]);
        expect(applied.warnings).toEqual([
          `could not create the extension pageinspect (permission denied to create extension "pageinspect"), so the schema is applied without it: the feature will need it; ask the database's owner or administrator to run CREATE EXTENSION "pageinspect" in this database (or another server), then rerun \`schema apply\`.`,
        ]);
        expect(applied.ran).toHaveLength(readMigrations().length);
        const checked = await checkSchema(sql, { extensions });
        expect(checked.differences).toEqual([]);
        expect(checked.warnings).toEqual([
          `extension pageinspect is not created in this database (not counted as a difference); ask the database's owner or administrator to run CREATE EXTENSION "pageinspect" in it`,
        ]);
        expect(await applySchema(sql, { extensions })).toMatchObject({ ran: [], warnings: applied.warnings });
      } finally {
        await sql.end();
      }
      // A superuser may create it: what stopped the role was the role's rights, not the server.
      const su = await openPostgres(withDatabase(inject("postgresUrl"), new URL(url).pathname.slice(1)), { max: 1 });
      try {
        expect((await applySchema(su, { extensions })).extensions).toEqual(["uuid-ossp", "pageinspect"]);
      } finally {
        await su.end();
      }
    });
  });
});

describe("migrate and validate as a role that does not own the schema", () => {
  /** The grants README.md's "Roles" lists, for `role`. */
  function readmeGrants(role: string): string {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = /### Roles[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "README.md's Roles section has its grants in an sql block").toBeDefined();
    return block!.replaceAll("nextcrm_migrator", `"${role}"`);
  }

  it("stops with PERMISSION in one line when a right is missing, and passes with README's grants", async () => {
    const mongo = freshMongo();
    await seedInto(mongo, { scale: 300, seed: 3, drop: true, quirks: false });
    const url = await freshTarget();
    const role = `m_${new URL(url).pathname.slice(1)}`;
    const admin = open(url);
    try {
      await admin.unsafe(
        `create role "${role}" login password 'pw';
         grant usage on schema public, nextcrm_migrate to "${role}";
         grant select, insert, update, delete on all tables in schema public, nextcrm_migrate to "${role}"`,
      );
      const cwd = workdir();
      const refused = await runCli(["migrate", "--mongo", mongo, "--postgres", asRole(url, role)], {}, cwd);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr.trim().split("\n")).toEqual([
        expect.stringMatching(
          /^error \[PERMISSION\]: PostgreSQL refused this role a right it needs \(permission denied .*\); run the command as the role that ran `schema apply`/,
        ),
      ]);
      await admin.unsafe(readmeGrants(role));
      const migrated = await runCli(["migrate", "--mongo", mongo, "--postgres", asRole(url, role)], {}, cwd);
      expect(migrated.code, migrated.stdout + migrated.stderr).toBe(0);
      const validated = await runCli(["validate", "--full", "--mongo", mongo, "--postgres", asRole(url, role)], {}, cwd);
      expect(validated.code, validated.stdout + validated.stderr).toBe(0);
    } finally {
      await admin.unsafe(`drop owned by "${role}"; drop role "${role}"`).catch(() => {});
      await admin.end();
    }
  });
});

describe("schema check", () => {
  it("names a dropped index, a dropped foreign key, a renamed index, a changed type and a dropped column, with exit 1", async () => {
    const url = await freshPostgres();
    expect((await runCli(["schema", "apply", "--postgres", url])).code).toBe(0);
    const sql = open(url);
    await sql`drop index "crm_Opportunities_status_sales_stage_idx"`;
    await sql`alter table "crm_Accounts" drop constraint "crm_Accounts_industry_fkey"`;
    await sql`alter index "crm_Contacts_created_by_idx" rename to crm_contacts_created_by_idx`;
    await sql`alter table "Tasks" alter column "createdAt" type timestamptz`;
    await sql`alter table "Invoices" drop column "partner_BIC"`;
    await sql.end();

    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code).toBe(1);
    const lines = check.stdout.trim().split("\n");
    expect(lines).toContain(
      `missing index crm_Opportunities_status_sales_stage_idx: CREATE INDEX "crm_Opportunities_status_sales_stage_idx" ON public."crm_Opportunities" USING btree (status, sales_stage)`,
    );
    expect(lines).toContain(
      `missing constraint crm_Accounts_industry_fkey: FOREIGN KEY (industry) REFERENCES "crm_Industry_Type"(id) ON UPDATE CASCADE ON DELETE SET NULL`,
    );
    expect(lines).toContain(
      `missing index crm_Contacts_created_by_idx: CREATE INDEX "crm_Contacts_created_by_idx" ON public."crm_Contacts" USING btree (created_by) (the same definition exists as crm_contacts_created_by_idx)`,
    );
    expect(lines).toContain(
      `unexpected index crm_contacts_created_by_idx: CREATE INDEX crm_contacts_created_by_idx ON public."crm_Contacts" USING btree (created_by)`,
    );
    expect(lines).toContain(
      "column Tasks.createdAt: expected timestamp(3) without time zone default CURRENT_TIMESTAMP, found timestamp with time zone default CURRENT_TIMESTAMP",
    );
    expect(lines).toContain("missing column Invoices.partner_BIC (text)");
    expect(lines.at(-1)).toMatch(/^6 difference\(s\)/);
  });

  it("names a column dropped from the tool's working tables, and `schema apply` makes them again, unlogged", async () => {
    const url = await freshPostgres();
    expect((await runCli(["schema", "apply", "--postgres", url])).code).toBe(0);
    const sql = open(url);
    try {
      const storage = () => sql<{ name: string; persistence: string; options: string[] | null }[]>`
        select c.relname as name, c.relpersistence as persistence, c.reloptions as options from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'nextcrm_migrate' and c.relname in ('row_hash', 'junction_stage', 'junction_synced') order by 1`;
      const made = [
        { name: "junction_stage", persistence: "u", options: ["autovacuum_enabled=false"] },
        { name: "junction_synced", persistence: "u", options: null },
        { name: "row_hash", persistence: "u", options: null },
      ];
      expect([...(await storage())]).toEqual(made);
      await sql`alter table nextcrm_migrate.junction_stage drop column pos`;
      const check = await runCli(["schema", "check", "--postgres", url]);
      expect(check.code).toBe(1);
      const lines = check.stdout.trim().split("\n");
      expect(lines).toContain("missing column nextcrm_migrate.junction_stage.pos (integer not null)");
      expect(lines.at(-1)).toMatch(/^1 difference\(s\)/);
      const apply = await runCli(["schema", "apply", "--postgres", url]);
      expect(apply.code, apply.stderr).toBe(0);
      expect((await runCli(["schema", "check", "--postgres", url])).code).toBe(0);
      expect([...(await storage())]).toEqual(made);
    } finally {
      await sql.end();
    }
  });

  it("keeps what the working tables hold through `schema apply` again, and through an index added by hand", async () => {
    const url = await freshPostgres();
    expect((await runCli(["schema", "apply", "--postgres", url])).code).toBe(0);
    const sql = open(url);
    try {
      await sql`insert into nextcrm_migrate.row_hash (table_name, id, hash, written) values ('Users', gen_random_uuid(), gen_random_uuid(), '1')`;
      await sql`create index by_hand on nextcrm_migrate.row_hash (hash)`;
      // As an earlier version left it: its migrations recorded up to 0003, the working tables made by a run.
      await sql`delete from drizzle.__drizzle_migrations where id > 4`;
      const apply = await runCli(["schema", "apply", "--postgres", url]);
      expect(apply.code, apply.stderr).toBe(0);
      expect((await sql<{ n: number }[]>`select count(*)::int as n from nextcrm_migrate.row_hash`)[0]!.n).toBe(1);
    } finally {
      await sql.end();
    }
  });

  it("reports a schema that was never applied in one line", async () => {
    const url = await freshPostgres();
    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("schema not applied: none of NextCRM's tables exist");
  });
});
