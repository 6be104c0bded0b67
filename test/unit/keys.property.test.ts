// The dry run's row memory answers as a Set of the ids would.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyList, keyOf, pairKey } from "../../src/dryrun/keys.js";
import { uuidV5 } from "../../src/identity.js";

describe("KeyList", () => {
  it("has() and distinct() agree with a Set of the UUIDs", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 3000 }), fc.array(fc.string(), { maxLength: 200 }), (names, probes) => {
        const list = new KeyList();
        for (const n of names) list.push(keyOf(uuidV5(n)));
        list.seal();
        const set = new Set(names);
        for (const p of [...probes, ...names.slice(0, 50)]) expect(list.has(keyOf(uuidV5(p)))).toBe(set.has(p));
        expect(list.distinct()).toBe(set.size);
      }),
      { numRuns: 50 },
    );
  });

  it("keys are never 0 (the mark of an entry that names no ObjectId) and pairs keep their order", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const [x, y] = [keyOf(uuidV5(a)), keyOf(uuidV5(b))];
        expect(x).not.toBe(0n);
        if (a !== b) expect(pairKey(x, y)).not.toBe(pairKey(y, x));
      }),
    );
  });

  it("refuses to answer before it is complete", () => {
    const list = new KeyList();
    list.push(1n);
    expect(() => list.has(1n)).toThrow(/sealed/);
  });
});
