// The package as a user gets it without a clone: `npm pack` (which compiles src/ into dist/
// through `prepare`), the tarball installed with `npm install -g` into an empty prefix, and the
// installed command run against the test servers: no src/*.ts, no tsx, no TypeScript, no patch.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, workdir } from "../helpers/cli.js";
import { freshMongo, freshPostgres, seedInto } from "../helpers/databases.js";

const execFileAsync = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };

/** npm with none of the npm_* variables an outer `npm test` sets, which would point it elsewhere. */
function npm(args: string[], cwd: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return execFileAsync("npm", args, { cwd, env, maxBuffer: 1 << 26 });
}

let scratch: string;
let files: string[];
let installed: string;
let bin: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "nextcrm-pack-"));
  // Packed from a copy of what the package is built from, so that `prepare` compiles into the
  // copy's dist/ and not into the dist/ that the clone's bin runs while other tests use it.
  const tree = join(scratch, "tree");
  for (const f of ["package.json", "package-lock.json", "README.md", "tsconfig.json", "tsconfig.build.json", "bin", "src", "drizzle"]) {
    cpSync(join(ROOT, f), join(tree, f), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"), "dir");
  const { stdout } = await npm(["pack", "--json", "--pack-destination", scratch], tree);
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
  files = packed.files.map((f) => f.path).sort();
  // The dependencies are in npm's cache from the clone's own install; the registry only if not.
  const prefix = join(scratch, "prefix");
  await npm(["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", join(scratch, packed.filename)], scratch);
  installed = join(prefix, "lib", "node_modules", "nextcrm-migrate");
  bin = join(prefix, "bin", "nextcrm-migrate");
}, 600_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The installed command, from a folder of its own, with only the connections given. */
const run = (args: string[], cwd = workdir()) => {
  const env = { ...process.env };
  for (const k of ["MONGODB_URL", "POSTGRES_URL", "DATABASE_URL", "NODE_OPTIONS"]) delete env[k];
  return execFileAsync(bin, args, { cwd, env: { ...env, NO_COLOR: "1" }, maxBuffer: 1 << 26 }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
};

describe("the packed package", () => {
  it("holds the compiled code, the migrations, the seed's data and the bin, and nothing only the repository needs", () => {
    expect(files).toContain("dist/cli.js");
    expect(files).toContain("dist/postgres/schemaApply.js");
    expect(files).toContain("bin/nextcrm-migrate.js");
    expect(files).toContain("README.md");
    expect(files).toContain("package.json");
    expect(files.filter((f) => f.startsWith("drizzle/"))).toEqual(
      [
        ...readFileSync(join(ROOT, "drizzle/meta/_journal.json"), "utf8")
          .match(/"tag": "[^"]+"/g)!
          .map((t) => `drizzle/${t.slice(8, -1)}.sql`),
        "drizzle/meta/_journal.json",
      ].sort(),
    );
    expect(files.filter((f) => f.startsWith("src/"))).toEqual(
      [
        "crm_campaigns",
        "crm_Industry_Type",
        "crm_Opportunities_Sales_Stages",
        "crm_Opportunities_Type",
        "gpt_Models",
        "system_Modules_Enabled",
      ]
        .map((n) => `src/seed/initial-data/${n}.json`)
        .sort(),
    );
    const repositoryOnly = files.filter((f) =>
      /^(test|bench|docs|patches|scratch)\/|^dist\/(demo|devservers)|\.ts$|^tsconfig|^drizzle\/meta\/.*snapshot/.test(f),
    );
    expect(repositoryOnly).toEqual([]);
  });

  it("installs without building anything or patching anything: no TypeScript, tsx or patch-package beside it", () => {
    expect(existsSync(join(installed, "dist/cli.js"))).toBe(true);
    for (const dev of ["typescript", "tsx", "patch-package", "@types/node", "vitest"]) {
      expect(existsSync(join(installed, "node_modules", dev)), dev).toBe(false);
    }
    expect(existsSync(join(installed, "node_modules/postgres/package.json"))).toBe(true);
  });

  it("answers --version, --help and id", async () => {
    const v = await run(["--version"]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${version}\n`);
    const help = await run(["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("--version");
    expect(help.stdout).toContain("schema apply");
    const id = await run(["id", "507f1f77bcf86cd799439011"]);
    expect(id.stdout).toBe("d52506de-4bba-540f-89d0-127a25a722e9\n");
  });

  it("applies the schema, seeds, migrates and validates against real servers", async () => {
    const pg = await freshPostgres();
    const apply = await run(["schema", "apply", "--postgres", pg]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("schema applied");
    // The seed command reads its lookup data from the package (src/seed/initial-data).
    const seeded = await run(["seed", "--scale", "60", "--clean-data", "--mongo", freshMongo()]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const mongo = freshMongo();
    await seedInto(mongo, { scale: 300, seed: 3, drop: true, quirks: false });
    const cwd = workdir();
    const migrate = await run(["migrate", "--mongo", mongo, "--postgres", pg], cwd);
    expect(migrate.code, migrate.stderr).toBe(0);
    const validate = await run(["validate", "--full", "--mongo", mongo, "--postgres", pg], cwd);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).toContain("VALIDATION PASSED");
  });
});
