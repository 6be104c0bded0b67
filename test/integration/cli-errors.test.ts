// What a user sees when a URL is missing, malformed or unreachable: one line, an exit code, no password.
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/devservers/exec.js";
import { runCli } from "../helpers/cli.js";

const CANARY = "Canary-Pw-9f3e";

describe("connection errors", () => {
  it("exits 2 with one line when no URL is given", async () => {
    const r = await runCli(["schema", "check"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatchInlineSnapshot(`"error: No PostgreSQL URL: set POSTGRES_URL or pass --postgres postgres://user:password@host:5432/nextcrm."`);
  });

  it("exits 2 for a malformed URL and does not print its password", async () => {
    const r = await runCli(["schema", "check", "--postgres", `postgres://me:${CANARY}@[bad`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 2 for a URL of the wrong kind", async () => {
    const r = await runCli(["seed", "--mongo", `postgres://me:${CANARY}@localhost/db`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("MongoDB URL must start with mongodb://");
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 3 when PostgreSQL cannot be reached, with the password masked", async () => {
    const port = await freePort();
    const r = await runCli(["schema", "check"], { POSTGRES_URL: `postgres://me:${CANARY}@127.0.0.1:${port}/x` });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`postgres://me:***@127.0.0.1:${port}/x`);
    expect(r.stderr + r.stdout).not.toContain(CANARY);
  });

  it("exits 3 when MongoDB cannot be reached", async () => {
    const port = await freePort();
    const r = await runCli(["seed", "--scale", "10"], { DATABASE_URL: `mongodb://me:${CANARY}@127.0.0.1:${port}/nextcrm?serverSelectionTimeoutMS=500` });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("MongoDB at mongodb://me:***@127.0.0.1");
    expect(r.stderr + r.stdout).not.toContain(CANARY);
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
    expect(r.stderr.trim()).toBe('error: "xyz" is not an ObjectId (24 hexadecimal characters).');
  });
});
