// The validator is a second opinion: nothing the migrator writes with may be in what it checks
// with. Reads the import graph of src/validate/** (every module it reaches, transitively) and
// names each import across the line (docs/ARCHITECTURE.md, "The validator").
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** The migrator's side: the run, the dry run, and what writes in PostgreSQL or remembers for a rerun. */
const WRITE_SIDE = [
  "migrate/",
  "dryrun/",
  "postgres/stage.ts",
  "postgres/upsert.ts",
  "postgres/stubs.ts",
  "postgres/rowHash.ts",
  "postgres/foreign.ts",
  "postgres/junctionSync.ts",
  "postgres/bisect.ts",
  "postgres/copyText.ts",
  "postgres/references.ts",
  "postgres/repairs.ts",
  "nextcrm/keep.ts",
  "nextcrm/afterUpgrade.ts",
  "seed/",
];

/** The relative imports of a module, as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.{1,2}\/[^"]+)"/g)) {
    out.push(relative(SRC, resolve(dirname(join(SRC, file)), m[1]!.replace(/\.js$/, ".ts"))));
  }
  for (const m of text.matchAll(/import\("(\.{1,2}\/[^"]+)"\)/g))
    out.push(relative(SRC, resolve(dirname(join(SRC, file)), m[1]!.replace(/\.js$/, ".ts"))));
  return out;
}

const validatorModules = readdirSync(join(SRC, "validate"))
  .filter((f) => f.endsWith(".ts"))
  .map((f) => `validate/${f}`);

describe("the validator's imports", () => {
  it("reach nothing of the migrator's write side, directly or through another module", () => {
    const crossings: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string, path: string[]) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const target of importsOf(file)) {
        if (WRITE_SIDE.some((w) => (w.endsWith("/") ? target.startsWith(w) : target === w)))
          crossings.push(`${[...path, file].join(" → ")} → ${target}`);
        else visit(target, [...path, file]);
      }
    };
    for (const m of validatorModules) visit(m, []);
    expect(crossings).toEqual([]);
    // The walk did reach the shared pieces: the map, the identity function, the inverse.
    expect([...seen]).toEqual(
      expect.arrayContaining(["map/collections.ts", "identity.ts", "transform/inverse.ts", "validate/expected.ts"]),
    );
  });

  it("would name a crossing: the walk sees through re-exports and dynamic imports", () => {
    expect(importsOf("dryrun/run.ts")).toContain("migrate/run.ts");
    expect(importsOf("cli.ts")).toContain("validate/run.ts");
  });
});
