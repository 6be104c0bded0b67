// Generators of any BSON document (fast-check): any value under any key, the keys a JavaScript
// object, the bson library or JSON could misread among them. For the property tests on the
// transform alone and on the real servers.
import fc from "fast-check";
import {
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  type Document,
} from "mongodb";
import type { CollectionMapping } from "../../src/map/types.js";
import { SeedGenerator } from "../../src/seed/seed.js";
import { define, isDocument } from "../../src/transform/ejson.js";

/** Keys the bson library, JavaScript objects or PostgreSQL's JSON could misread. */
export const ADVERSARIAL_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "_bsontype",
  "$x",
  "$",
  "$oid",
  "$numberLong",
  "$date",
  "$document",
  "$ref",
  "a.b",
  "",
  " ",
  "k".repeat(1000),
  "ключ",
  "🔑",
];

export const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ADVERSARIAL_KEYS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
);

export const objectId = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(Buffer.from(b)));
const BINARY_SUBTYPES = [0, 1, 2, 3, 5, 6, 7, 8, 0x80] as const;

/** Any BSON value that is not a document or an array, in its BSON type (as decoded without promoting numbers). */
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.integer().map((n) => new Int32(n | 0)),
  fc.double().map((n) => new Double(n)),
  fc.constantFrom(new Double(-0), new Double(NaN), new Double(Infinity), new Double(-Infinity), new Double(2 ** 53)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.tuple(fc.constantFrom(...BINARY_SUBTYPES), fc.uint8Array({ maxLength: 16 })).map(([t, b]) => new Binary(Buffer.from(b), t)),
  fc.constant(new Binary(Buffer.from("0123456789abcdef0123456789abcdef", "hex"), 4)),
  fc.constantFrom("0", "-0", "1.5E+10", "NaN", "-Infinity", "123456789012345678901234567890.12").map((d) => Decimal128.fromString(d)),
  fc.tuple(fc.nat(), fc.nat()).map(([t, i]) => new Timestamp({ t, i })),
  fc.constantFrom(new BSONRegExp("^a.*b$", "i"), new BSONRegExp("x", "")),
  fc.constantFrom(new Code("function () { return 1 }"), new BSONSymbol("sym")),
  fc.constantFrom(new MinKey(), new MaxKey()),
  objectId.map((o) => new DBRef("crm_Accounts", o)),
  objectId,
  fc.date({ min: new Date(-2e13), max: new Date(4e13), noInvalidDate: true }),
);

/** A document as a driver decodes it: every key an own property, whatever its name. */
export const documentOf = (entries: [string, unknown][]) => {
  const d: Document = {};
  for (const [k, v] of entries) define(d, k, v);
  return d;
};

export const { value: anyValue } = fc.letrec<{ value: unknown; doc: Document; list: unknown[] }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("doc"), tie("list")),
  doc: fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map(documentOf),
  list: fc.array(tie("value"), { maxLength: 4 }),
}));

export const seeded = new SeedGenerator(1, 3000, false);

/**
 * A document of `c`: a seeded one whose jsonb fields hold any value, whose other known fields hold
 * any value now and then, with unknown fields holding any value under any key.
 */
export function sourceDocument(c: CollectionMapping): fc.Arbitrary<Document> {
  const json = c.columns.filter((f) => f.conversion === "json").map((f) => f.field);
  const known = [...c.fieldNames];
  const some = (fields: string[], most: number): fc.Arbitrary<[string, unknown][]> =>
    fields.length ? fc.array(fc.tuple(fc.constantFrom(...fields), anyValue), { maxLength: most }) : fc.constant([]);
  return fc
    .tuple(
      fc.nat(200),
      objectId,
      some(json, 2),
      fc.option(some(known, 1), { freq: 3, nil: undefined }),
      fc.array(fc.tuple(key, anyValue), { maxLength: 4 }),
    )
    .map(([i, _id, jsonb, other, unknown]) => {
      const base = seeded.document(c, i % Math.max(1, seeded.plan.get(c.collection) ?? 0));
      const fields = new Map<string, unknown>(Object.entries(base));
      fields.set("_id", _id);
      for (const [k, v] of [...jsonb, ...(other ?? []), ...unknown]) if (k !== "_id") fields.set(k, v);
      return documentOf([...fields]);
    });
}

/** What the migrator's read decodes with numbers promoted (READ_OPTIONS): Int32 and Double as numbers, Int64 as bigint. */
export function promoted(v: unknown): any {
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  if (v instanceof Long && !(v instanceof Timestamp)) return v.toBigInt();
  if (Array.isArray(v)) return v.map(promoted);
  if (isDocument(v)) return documentOf(Object.keys(v).map((k) => [k, promoted(v[k])]));
  return v;
}
