// What `schema apply` does to a database, decided from its two migration histories alone.
import { describe, expect, it } from "vitest";
import { RELEASE_MIGRATION } from "../../src/schema/prisma.js";
import { planApply, readMigrations, type History, type PrismaRow } from "../../src/postgres/history.js";
import { release } from "../helpers/release.js";

const migrations = readMigrations();
const allTables = Object.keys(release.tables).sort();
const row = (over: Partial<PrismaRow> = {}): PrismaRow => ({
  migration_name: "0_init",
  checksum: RELEASE_MIGRATION.checksum,
  finished_at: "2026-01-01 00:00:00+00",
  rolled_back_at: null,
  ...over,
});
const plan = (h: Partial<History>) => planApply({ prisma: null, applied: null, releaseTables: [], ...h }, migrations);
const refusal = (h: Partial<History>) => {
  try {
    plan(h);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error("not refused");
};

describe("planApply", () => {
  it("runs every migration on an empty database, the release first", () => {
    expect(migrations.map((m) => m.tag)).toEqual([
      "0000_release",
      "0001_additions",
      "0002_today",
      "0003_bounded_indexes",
      "0004_working_tables",
      "0005_working_storage",
    ]);
    expect(plan({})).toEqual({ run: migrations, adopt: [] });
  });

  it("adopts the release and runs only the additions on a database NextCRM's 0_init made", () => {
    expect(plan({ prisma: [row()], releaseTables: allTables })).toEqual({ run: migrations.slice(1), adopt: migrations.slice(0, 1) });
  });

  it("runs only what its own journal lacks", () => {
    expect(plan({ prisma: [row()], applied: [migrations[0]!.hash], releaseTables: allTables })).toEqual({
      run: migrations.slice(1),
      adopt: [],
    });
    expect(plan({ prisma: [row()], applied: migrations.map((m) => m.hash), releaseTables: allTables })).toEqual({ run: [], adopt: [] });
  });

  it("refuses, naming why, every state it cannot build on", () => {
    expect(refusal({ prisma: [row(), row({ migration_name: "20250101_next" })], releaseTables: allTables })).toMatchObject({
      code: "NEXTCRM_UPGRADED",
    });
    expect(refusal({ prisma: [row({ checksum: "x" })], releaseTables: allTables }).message).toContain("another checksum");
    expect(
      refusal({ prisma: [row({ checksum: "x" })], applied: migrations.map((m) => m.hash), releaseTables: allTables }).message,
    ).toContain("another checksum");
    expect(refusal({ prisma: [row({ finished_at: null })], releaseTables: allTables }).message).toContain("not finished");
    expect(refusal({ prisma: [row()], releaseTables: allTables.filter((t) => t !== "Users") }).message).toContain(
      "lacks 1 of its tables (Users)",
    );
    expect(refusal({ applied: ["an earlier schema"] }).message).toContain("an earlier nextcrm-migrate");
    expect(refusal({ releaseTables: ["Users"] }).message).toContain("already holds 1 of NextCRM's tables (Users)");
    expect(refusal({ prisma: [] }).message).toContain("an empty _prisma_migrations");
  });
});
