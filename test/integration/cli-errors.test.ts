// What a user sees when a URL is missing, malformed or unreachable: one line with its code, an exit code, no password.
import { createServer, type Socket } from "node:net";
import { MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/devservers/exec.js";
import { runCli } from "../helpers/cli.js";
import { freshMongo, freshPostgres, freshTarget } from "../helpers/databases.js";

const CANARY = "Canary-Pw-9f3e";

describe("connection errors", () => {
  it("exits 2 with one line when no URL is given", async () => {
    const r = await runCli(["schema", "check"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[MISSING_URL\]: /)]);
  });

  it("exits 2 for a malformed URL and does not print its password", async () => {
    const r = await runCli(["schema", "check", "--postgres", `postgres://me:${CANARY}@[bad`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[BAD_URL\]: /)]);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 2 for a URL of the wrong kind", async () => {
    const r = await runCli(["seed", "--mongo", `postgres://me:${CANARY}@localhost/db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[BAD_URL\]: MongoDB URL/m);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 3 when PostgreSQL cannot be reached, with the password masked", async () => {
    const port = await freePort();
    const r = await runCli(["schema", "check"], { POSTGRES_URL: `postgres://me:${CANARY}@127.0.0.1:${port}/x` });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error \[UNREACHABLE\]: /m);
    expect(r.stderr).toContain(`postgres://me:***@127.0.0.1:${port}/x`);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 3 when MongoDB cannot be reached", async () => {
    const port = await freePort();
    const r = await runCli(["seed", "--scale", "10"], {
      DATABASE_URL: `mongodb://me:${CANARY}@127.0.0.1:${port}/nextcrm?serverSelectionTimeoutMS=500`,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error \[UNREACHABLE\]: /m);
    expect(r.stderr).toContain("mongodb://me:***@127.0.0.1");
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });
});

describe("URLs a driver would take and a message could not mask", () => {
  it("exits 2 for white space in a URL, before any driver or message sees the password", async () => {
    for (const args of [
      ["schema", "check", "--postgres", `postgres://me:top ${CANARY}@127.0.0.1:1/x`],
      ["migrate", "--dry-run", "--mongo", `mongodb://me:top ${CANARY}@127.0.0.1:1/nextcrm`],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[BAD_URL\]: .*white space/)]);
      expect(r.stderr + r.stdout).not.toContain(CANARY);
    }
  });

  it("takes white space outside the user and password, and around a URL given as a flag", async () => {
    for (const url of [`postgres://me:${CANARY}@127.0.0.1:1/x?application_name=a b`, `postgres://me:${CANARY}@127.0.0.1:1/x\r\n`]) {
      const r = await runCli(["schema", "check", "--postgres", url]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr + r.stdout).not.toContain(CANARY);
    }
  });

  it("exits 2 for a % that escapes nothing, with the password masked", async () => {
    const r = await runCli(["schema", "check", "--postgres", `postgres://me:${CANARY}%zz@127.0.0.1:1/x`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[BAD_URL\]: /)]);
    expect(r.stderr).toContain("(postgres://me:***@127.0.0.1:1/x)");
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 2 for an option the MongoDB driver does not know", async () => {
    const r = await runCli(["seed", "--scale", "10", "--mongo", `mongodb://me:${CANARY}@127.0.0.1:1/nextcrm?bogusopt=1`]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[BAD_URL\]: .*bogusopt/)]);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 2 for a batch size beyond 10,000", async () => {
    const r = await runCli([
      "migrate",
      "--batch-size",
      "99999999999",
      "--mongo",
      "mongodb://127.0.0.1:1/nextcrm",
      "--postgres",
      "postgres://127.0.0.1:1/x",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[USAGE\]: --batch-size .*10000/)]);
  });

  it("exits 3 when the PostgreSQL port is another service's, which hangs up on it", { timeout: 90_000 }, async () => {
    // As a MongoDB port does. postgres.js gives up on it after its attempts to connect (CONNECTION_CLOSED);
    // a port that accepts and never answers at all is bounded by the first query's 30 s (src/postgres/connect.ts).
    const sockets: Socket[] = [];
    const silent = createServer((s) => {
      sockets.push(s);
      s.once("data", () => s.destroy());
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as { port: number };
    try {
      const r = await runCli(["schema", "check", "--postgres", `postgres://me:${CANARY}@127.0.0.1:${port}/x`]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^error \[UNREACHABLE\]: /m);
      expect(r.stderr).toContain(`postgres://me:***@127.0.0.1:${port}/x`);
      expect(r.stderr + r.stdout).not.toContain(CANARY);
    } finally {
      for (const s of sockets) s.destroy();
      silent.close();
    }
  });
});

describe("a source or target with nothing to migrate or validate", () => {
  it("refuses a MongoDB database with none of NextCRM's collections, instead of a complete migration of nothing", async () => {
    const mongo = freshMongo();
    const c = new MongoClient(mongo);
    await c.db().collection("something_else").insertOne({ x: 1 });
    await c.close();
    const target = await freshTarget();
    for (const command of [["migrate"], ["migrate", "--dry-run"], ["validate"]]) {
      const r = await runCli([...command, "--mongo", mongo, "--postgres", target]);
      expect(r.code, `${command.join(" ")}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[EMPTY_SOURCE\]: .*something_else/)]);
    }
  });

  it("validate refuses a database without the migration's tables in one line, exit 2", async () => {
    const mongo = freshMongo();
    const c = new MongoClient(mongo);
    await c.db().collection("Users").insertOne({ email: "a@example.com" });
    await c.close();
    const r = await runCli(["validate", "--mongo", mongo, "--postgres", await freshPostgres()]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error \[SCHEMA_MISSING\]: /)]);
  });
});

describe("id", () => {
  it("prints the UUID a document gets", async () => {
    const r = await runCli(["id", "507F1F77BCF86CD799439011"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe("d52506de-4bba-540f-89d0-127a25a722e9");
  });

  it("refuses something that is not an ObjectId with exit 2", async () => {
    const r = await runCli(["id", "xyz"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^error \[USAGE\]: "xyz" /m);
  });
});
