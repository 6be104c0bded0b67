// UUIDv5 identity: deterministic across representations, collision-free, a valid v5 UUID.
import fc from "fast-check";
import { ObjectId } from "mongodb";
import { v5, validate, version } from "uuid";
import { describe, expect, it } from "vitest";
import { identityName, NAMESPACE, uuidFor, uuidV5 } from "../../src/identity.js";

const hex24 = fc.stringMatching(/^[0-9a-f]{24}$/);

describe("identity", () => {
  it("gives an ObjectId the same UUID as its lower- and upper-case hex strings", () => {
    fc.assert(
      fc.property(hex24, (hex) => {
        const u = uuidFor(new ObjectId(hex));
        expect(uuidFor(hex)).toBe(u);
        expect(uuidFor(hex.toUpperCase())).toBe(u);
      }),
    );
  });

  it("gives a valid version 5 UUID", () => {
    fc.assert(
      fc.property(hex24, (hex) => {
        const u = uuidFor(hex);
        expect(validate(u)).toBe(true);
        expect(version(u)).toBe(5);
      }),
    );
  });

  it("never gives two different ids the same UUID", () => {
    fc.assert(
      fc.property(fc.uniqueArray(hex24, { minLength: 1000, maxLength: 5000 }), (ids) => {
        expect(new Set(ids.map(uuidFor)).size).toBe(ids.length);
      }),
      { numRuns: 20 },
    );
  });

  it("keeps non-ObjectId ids apart from ObjectIds and from each other by BSON type", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true })), (value) => {
        expect(identityName(value)).toContain(":");
        expect(identityName(value)).not.toMatch(/^[0-9a-f]{24}$/);
      }),
    );
    expect(uuidFor("42")).not.toBe(uuidFor(42));
    expect(uuidFor(1)).not.toBe(uuidFor(1.5));
  });

  it("computes the same UUIDv5 as the uuid library, for any name", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hex24,
          hex24.map((h) => h.toUpperCase()),
          fc.string({ unit: "grapheme" }),
          fc.string({ unit: "binary" }),
        ),
        (name) => {
          expect(uuidV5(name)).toBe(v5(name, NAMESPACE));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("hashes an ObjectId, and a hex string of any case, as the uuid library hashes its lowercase hex", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.boolean(), (bytes, upper) => {
        const hex = Buffer.from(bytes).toString("hex");
        const want = v5(hex, NAMESPACE);
        expect(uuidFor(new ObjectId(bytes))).toBe(want);
        expect(uuidFor(upper ? hex.toUpperCase() : hex)).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it("is pinned to the namespace printed in the README", () => {
    expect(NAMESPACE).toBe("4536c6ec-37fc-4155-b3b7-e6e601374c51");
    expect(uuidFor("507f1f77bcf86cd799439011")).toMatchInlineSnapshot(`"d52506de-4bba-540f-89d0-127a25a722e9"`);
  });
});
