// Odd ids, unknown collections and a PostgreSQL restart in the middle of a run.
import { MongoClient } from "mongodb";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../../src/devservers/postgres.js";
import { uuidFor } from "../../src/identity.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { applySchema } from "../../src/postgres/schemaApply.js";
import { runCli, startCli, workdir } from "../helpers/cli.js";
import { freshMongo, freshTarget, seedInto } from "../helpers/databases.js";
import { rowCounts, tableHashes } from "../helpers/snapshots.js";

async function schema(url: string) {
  const sql = await openPostgres(url, { max: 1 });
  await applySchema(sql);
  await sql.end();
}

describe("documents and collections off the beaten path", () => {
  it("migrates documents whose _id is not an ObjectId, and names collections the map does not know", async () => {
    const mongo = freshMongo();
    const client = new MongoClient(mongo);
    const db = client.db();
    await db.collection("crm_Industry_Type").insertMany([
      { _id: "legacy-1", __v: 0, name: "String id" },
      { _id: 42, __v: 0, name: "Number id" },
      { _id: new Date(Date.UTC(2020, 0, 1)), __v: 0, name: "Date id" },
    ] as never[]);
    await db.collection("plugin_notes").insertOne({ text: "not NextCRM's" });
    await client.close();
    const pg = await freshTarget();
    const cwd = workdir();
    // Batches of one, so the resume cursor crosses BSON types.
    const r = await runCli(["migrate", "--mongo", mongo, "--postgres", pg, "--batch-size", "1"], {}, cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("not migrated: collection plugin_notes (1 documents)");
    const sql = postgres(pg, { max: 1 });
    const rows = await sql`select id, name from "crm_Industry_Type" order by name`;
    await sql.end();
    expect(rows.map((x) => x.name)).toEqual(["Date id", "Number id", "String id"]);
    expect(rows.find((x) => x.name === "String id")!.id).toBe(uuidFor("legacy-1"));
  });
});

describe("two migrators on one target", () => {
  it("the second refuses to run, exit 2, and says why", async () => {
    const mongo = freshMongo();
    await seedInto(mongo, { scale: 2000, seed: 5, drop: true, quirks: false });
    const pg = await freshTarget();
    const first = startCli(["migrate", "--mongo", mongo, "--postgres", pg, "--batch-size", "10"], {}, workdir());
    await first.waitFor(/crm_Accounts \[/);
    const second = await runCli(["migrate", "--mongo", mongo, "--postgres", pg], {}, workdir());
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^error \[LOCKED\]: /m);
    expect((await first.done).code).toBe(0);
  });
});

describe("a PostgreSQL restart in the middle of a run", () => {
  it("is retried with backoff and the run completes identical to an uninterrupted one", async () => {
    const mongo = freshMongo();
    await seedInto(mongo, { scale: 2000, seed: 5, drop: true, quirks: true });
    const clean = await freshTarget();
    expect([0, 1]).toContain((await runCli(["migrate", "--mongo", mongo, "--postgres", clean], {}, workdir())).code);

    const server = await startPostgres();
    try {
      await schema(server.url);
      const run = startCli(["migrate", "--mongo", mongo, "--postgres", server.url, "--batch-size", "20"], {}, workdir());
      await run.waitFor(/crm_Contacts \[/);
      await server.stop();
      await new Promise((r) => setTimeout(r, 1500));
      await server.start();
      const r = await run.done;
      expect([0, 1], r.stdout + r.stderr).toContain(r.code);
      expect(r.stderr).toContain("connection lost");
      // Exit 1 is also what a crash gives: the run must have reached its summary, with no stack.
      expect(r.stdout).toContain("records/s)");
      expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
      expect(await tableHashes(server.url)).toEqual(await tableHashes(clean));
      expect((await rowCounts(server.url)).crm_Contacts).toBeGreaterThan(0);
    } finally {
      await server.dispose();
    }
  });
});
