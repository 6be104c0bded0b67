// README.md's table of error codes is the users' reference: every code the tool can print is in it, with its exit status.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExitCode, EXIT_STATUS, INTERNAL } from "../../src/errors.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** The rows of the table under "Exit codes:": code → exit status, as README.md states them. */
function documented(): Map<string, number> {
  const section = readme.slice(readme.indexOf("Exit codes:"));
  const rows = new Map<string, number>();
  for (const [, code, exit] of section.matchAll(/^\| `([A-Z_]+)` \| (\d+) \|/gm)) rows.set(code!, Number(exit));
  return rows;
}

describe("README.md's error codes", () => {
  it("list every code with the exit status it has, and no code the tool does not have", () => {
    const expected = new Map<string, number>([...Object.entries(EXIT_STATUS), [INTERNAL, ExitCode.internal]]);
    expect(documented()).toEqual(expected);
  });
});
