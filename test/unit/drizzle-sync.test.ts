// drizzle/ is what drizzle-kit generates from src/schema: a schema edit without `npm run
// db:generate` would leave `schema apply` creating the old schema.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

describe("drizzle/", () => {
  it("holds every migration drizzle-kit would generate from src/schema, and no other", () => {
    const out = mkdtempSync(join(tmpdir(), "nextcrm-drizzle-"));
    try {
      cpSync(join(ROOT, "drizzle"), out, { recursive: true });
      // drizzle-kit prefixes the folder with "./", so it must be relative.
      const said = execFileSync(
        join(ROOT, "node_modules/.bin/drizzle-kit"),
        ["generate", "--dialect=postgresql", "--schema=./src/schema/index.ts", `--out=${relative(ROOT, out)}`],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(said).toContain("No schema changes");
      expect(readdirSync(out).sort()).toEqual(readdirSync(join(ROOT, "drizzle")).sort());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
