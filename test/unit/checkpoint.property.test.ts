// The checkpoint round-trips exactly (cursors keep their BSON type), and any damage to the file
// is detected instead of resuming from a wrong place.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { Double, Int32, Long, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { emptyCheckpoint, loadCheckpoint, saveCheckpoint, type CheckpointData } from "../../src/migrate/checkpoint.js";
import { isMigrateError } from "../../src/errors.js";
import { decodeId, encodeId } from "../../src/mongo/read.js";

const dir = mkdtempSync(join(tmpdir(), "nextcrm-cp-"));
const SOURCE = "a1b2c3d4e5f60718";
const TARGET = "0f1e2d3c4b5a6978";

/** The `_id` types a NextCRM collection can hold, as the driver hands them over. */
const anyId = fc.oneof(
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(Buffer.from(b))),
  fc.string(),
  fc.integer().map((n) => new Int32(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.double({ noNaN: true }).map((n) => new Double(n)),
  fc.date({ noInvalidDate: true }),
);

const counter = fc.nat({ max: 10_000_000 });
const tableState = fc.record({
  cursor: fc.option(anyId.map(encodeId), { nil: null }),
  read: counter,
  migrated: counter,
  repaired: counter,
  failed: counter,
  done: fc.boolean(),
});
const checkpoint: fc.Arbitrary<CheckpointData> = fc
  .record({
    tables: fc.dictionary(fc.constantFrom("Users", "crm_Accounts", "crm_Contacts", "Tasks"), tableState),
    failed: fc.dictionary(fc.constantFrom("Users", "Tasks"), fc.array(anyId.map(encodeId), { maxLength: 5 })),
    junctions: fc.dictionary(
      fc.constantFrom("DocumentsToTasks", "ContactsToOpportunities"),
      fc.record({ done: fc.boolean(), pairs: counter }),
    ),
    complete: fc.boolean(),
    totals: fc.record({ read: counter, migrated: counter, repaired: counter, failed: counter }),
  })
  .map((parts) => ({ ...emptyCheckpoint(SOURCE, TARGET), ...parts }));

const codeOf = (f: () => unknown) => {
  try {
    f();
    return "loaded";
  } catch (e) {
    return isMigrateError(e) ? e.code : `unexpected: ${(e as Error).message}`;
  }
};

describe("checkpoint", () => {
  it("loads exactly what was saved, cursors with their BSON type, mode 0600", async () => {
    await fc.assert(
      fc.asyncProperty(checkpoint, fc.nat(), async (data, n) => {
        const path = join(dir, `cp-${n}.json`);
        await saveCheckpoint(path, data);
        expect(statSync(path).mode & 0o777).toBe(0o600);
        const back = loadCheckpoint(path, SOURCE, TARGET)!;
        expect(back).toEqual(data);
        for (const [name, t] of Object.entries(data.tables)) {
          if (t.cursor === null) continue;
          const id = decodeId(back.tables[name]!.cursor!);
          expect(encodeId(id)).toBe(t.cursor);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a file with any byte changed, cut short, or from another pair of databases", async () => {
    await fc.assert(
      fc.asyncProperty(checkpoint, fc.nat(), fc.integer({ min: 1, max: 255 }), async (data, at, delta) => {
        const path = join(dir, "damaged.json");
        await saveCheckpoint(path, data);
        const bytes = readFileSync(path);
        const i = at % bytes.length;
        const changed = Buffer.from(bytes);
        changed[i] = (changed[i]! + delta) % 256;
        // A change inside JSON whitespace leaves the same document: that is not damage.
        const same = (() => {
          try {
            return JSON.stringify(JSON.parse(changed.toString("utf8"))) === JSON.stringify(JSON.parse(bytes.toString("utf8")));
          } catch {
            return false;
          }
        })();
        writeFileSync(path, changed);
        if (!same) expect(codeOf(() => loadCheckpoint(path, SOURCE, TARGET))).toBe("BAD_CHECKPOINT");
        writeFileSync(path, bytes.subarray(0, i));
        expect(codeOf(() => loadCheckpoint(path, SOURCE, TARGET))).toBe("BAD_CHECKPOINT");
        writeFileSync(path, bytes);
        expect(codeOf(() => loadCheckpoint(path, SOURCE, "ffffffffffffffff"))).toBe("FOREIGN_CHECKPOINT");
      }),
      { numRuns: 300 },
    );
  });
});
