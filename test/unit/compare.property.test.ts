// The validator's shortcut (src/validate/compare.ts): surelyEqual may call two values equal only
// when stable(), the comparison it stands in for, would give both the same text. Values are drawn
// from a small space, so that equal and nearly equal pairs (a key more, -0 for 0, 1n for 1, a
// Symbol for its text, keys in another order) are common.
import fc from "fast-check";
import { BSONSymbol, Long, ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { stable, surelyEqual } from "../../src/validate/compare.js";

const OIDS = ["64b000000000000000000001", "64b000000000000000000002"];
const leaf = fc.oneof(
  fc.constantFrom(0, -0, 1, 1.5, Number.NaN, 2 ** 60, "", "a", "1", true, false),
  fc.constantFrom(1n, 2n ** 60n),
  fc.constantFrom(0, 1).map((ms) => new Date(ms)),
  fc.constantFrom(...OIDS).map((hex) => new ObjectId(hex)),
  fc.constantFrom(...OIDS),
  fc.constant(null).map(() => new BSONSymbol("a")),
  fc.constant(null).map(() => Long.fromNumber(1)),
  fc.constant({ $symbol: "a" }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "$x", "$oid", "$numberInt", "constructor"), tie("value"), { maxKeys: 3 }),
  ),
}));

/** A deep copy, plain objects' keys in reverse order (jsonb reorders keys); anything else shared. */
const copy = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(copy)
    : v && Object.getPrototypeOf(v) === Object.prototype
      ? Object.fromEntries(
          Object.keys(v)
            .reverse()
            .map((k) => [k, copy((v as Record<string, unknown>)[k])]),
        )
      : v;

/** `v` with its `at`-th node (preorder, modulo their number) replaced by `by`. */
function replaced(v: unknown, at: number, by: unknown): unknown {
  const nodes: unknown[] = [];
  const walk = (x: unknown) => {
    nodes.push(x);
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(walk);
  };
  walk(v);
  const target = nodes[at % nodes.length];
  const swap = (x: unknown): unknown =>
    x === target
      ? by
      : Array.isArray(x)
        ? x.map(swap)
        : x && Object.getPrototypeOf(x) === Object.prototype
          ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, swap(y)]))
          : x;
  return swap(v);
}

/** Two values, the second a copy of the first, or a copy with one part replaced by another value. */
const pair = fc
  .tuple(value, value, fc.nat(), fc.boolean())
  .map(([a, other, at, same]) => [a, same ? copy(a) : replaced(copy(a), at, other)] as const);

describe("surelyEqual", () => {
  it("calls two values equal only when stable() gives both the same text", () => {
    let equal = 0;
    fc.assert(
      fc.property(pair, ([a, b]) => {
        if (!surelyEqual(a, b)) return;
        equal++;
        expect(stable(b)).toBe(stable(a));
      }),
      { numRuns: 5000 },
    );
    // The property holds of something: many drawn pairs are equal.
    expect(equal).toBeGreaterThan(1000);
  });

  it("does not take a hidden key for a visible one", () => {
    const b: Record<string, unknown> = { x: 1, z: 3 };
    Object.defineProperty(b, "y", { value: 2, enumerable: false });
    expect(stable(b)).not.toBe(stable({ x: 1, y: 2 }));
    expect(surelyEqual({ x: 1, y: 2 }, b)).toBe(false);
  });

  it("calls a value equal to its copy, whatever its key order", () => {
    // A Symbol or Long inside, or an object of two `$` keys (read in their order), goes to stable(), which decides.
    const plain = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.every(plain)
        : v && typeof v === "object"
          ? !("_bsontype" in v && !(v instanceof ObjectId)) &&
            Object.keys(v).filter((k) => k.startsWith("$")).length < 2 &&
            Object.values(v).every(plain)
          : true;
    fc.assert(
      fc.property(value, (a) => {
        if (plain(a)) expect(surelyEqual(a, copy(a))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
