// `schema apply` and `schema check` against a real PostgreSQL.
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { freshPostgres } from "../helpers/databases.js";

describe("schema apply and schema check", () => {
  it("applies on a fresh database twice, and then check finds no difference", async () => {
    const url = await freshPostgres();
    const first = await runCli(["schema", "apply", "--postgres", url]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("schema applied");
    // Debian's PostgreSQL has no pgvector: a warning that says how to get it, not a failure.
    expect(first.stderr).toContain("pgvector/pgvector:pg16");
    const second = await runCli(["schema", "apply", "--postgres", url]);
    expect(second.code, second.stderr).toBe(0);
    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain("schema matches");

    const sql = postgres(url, { max: 1 });
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    expect(row?.n).toBe(40);
    await sql.end();
  });

  it("reports a dropped index, foreign key and column by name, with exit 1", async () => {
    const url = await freshPostgres();
    expect((await runCli(["schema", "apply", "--postgres", url])).code).toBe(0);
    const sql = postgres(url, { max: 1 });
    await sql`drop index "crm_opportunities_status_sales_stage_idx"`;
    const [fk] = await sql<{ conname: string }[]>`
      select conname from pg_constraint where conrelid = '"crm_Accounts"'::regclass and contype = 'f'
      and conkey = array[(select attnum from pg_attribute where attrelid = '"crm_Accounts"'::regclass and attname = 'industry')]`;
    await sql.unsafe(`alter table "crm_Accounts" drop constraint "${fk!.conname}"`);
    await sql`alter table "Invoices" drop column "partner_BIC"`;
    await sql.end();

    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("missing index crm_opportunities_status_sales_stage_idx");
    expect(check.stdout).toContain("missing foreign key crm_Accounts(industry) → crm_Industry_Type(id) on delete set null");
    expect(check.stdout).toContain("missing column Invoices.partner_BIC");
    expect(check.stdout).toContain("3 difference(s)");
  });

  it("reports a schema that was never applied in one line", async () => {
    const url = await freshPostgres();
    const check = await runCli(["schema", "check", "--postgres", url]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("schema not applied: none of the 40 tables exist");
  });
});
