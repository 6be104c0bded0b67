// The package bin, as `npx nextcrm-migrate` runs it: compiled dist/ when current, src/ otherwise.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [`${ROOT}bin/nextcrm-migrate.js`, ...args], { cwd: ROOT }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

describe("the bin", () => {
  it("runs a command and passes its exit code on", async () => {
    expect((await run(["id", "507f1f77bcf86cd799439011"])).stdout.trim()).toBe("d52506de-4bba-540f-89d0-127a25a722e9");
    const bad = await run(["id", "not-an-id"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error \[USAGE\]: /m);
  });
});
