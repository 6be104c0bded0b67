// Properties of the transform, for every model, on documents generated from NextCRM's source
// schema: it is deterministic, it round-trips through its inverse, and no document is lost
// between "migrated", "repaired" and "failed".
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { Double, Long, ObjectId, type Document } from "mongodb";
import { describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { collectionNamed } from "../../src/map/collections.js";
import { DocumentError, transformDocument } from "../../src/transform/document.js";
import { canonical, restoreDocument } from "../../src/transform/inverse.js";
import { compareDocument } from "../../src/validate/compare.js";

interface SourceField {
  column: string;
  type: string;
  list: boolean;
  optional: boolean;
  objectId?: boolean;
  id?: boolean;
}
const source = JSON.parse(readFileSync(new URL("../fixtures/source-schema.json", import.meta.url), "utf8")) as {
  enums: Record<string, string[]>;
  models: Record<string, SourceField[]>;
};

const objectId = fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(Buffer.from(b)));
/** ObjectIds as the app stored them: mostly ObjectIds, sometimes hex strings of either case, now and then "". */
const storedId = fc.oneof(
  { weight: 8, arbitrary: objectId },
  { weight: 1, arbitrary: objectId.map((o) => o.toHexString()) },
  { weight: 1, arbitrary: objectId.map((o) => o.toHexString().toUpperCase()) },
  { weight: 1, arbitrary: fc.constant("") },
);
const text = fc.string({ unit: "grapheme", maxLength: 30 });
const date = fc.date({ min: new Date(-2e13), max: new Date(4e13), noInvalidDate: true });
const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

function valueFor(f: SourceField): fc.Arbitrary<unknown> {
  if (f.type.startsWith("enum:")) {
    const values = source.enums[f.type.slice(5)]!;
    return fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constant("NOT_A_VALUE") });
  }
  if (f.objectId) return f.list ? fc.array(objectId, { maxLength: 3 }) : storedId;
  switch (f.type) {
    case "String":
      return f.list
        ? fc.array(text, { maxLength: 3 })
        : fc.oneof({ weight: 20, arbitrary: text }, { weight: 1, arbitrary: fc.constant("nul\u0000byte") });
    case "Int":
      return fc.oneof(
        { weight: 6, arbitrary: int32 },
        { weight: 1, arbitrary: int32.map((n) => new Double(n)) },
        { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }).map((n) => Long.fromBigInt(n)) },
        { weight: 1, arbitrary: fc.constant(1.5) },
      );
    case "Boolean":
      return fc.boolean();
    case "DateTime":
      return date;
    case "Json":
      return fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ at: date, id: objectId }));
  }
  throw new Error(`no generator for ${f.type}`);
}

/** A document of `model`: each field present, absent or null, plus now and then a field no schema lists. */
function documentOf(model: string): fc.Arbitrary<Document> {
  const fields = source.models[model]!.filter((f) => !f.id);
  const entries = fields.map((f) =>
    fc.option(valueFor(f), { nil: undefined, freq: f.optional ? 3 : 12 }).map((v) => [f.column, v] as const),
  );
  return fc
    .tuple(objectId, fc.tuple(...entries), fc.option(fc.record({ legacy_field: text }), { nil: undefined, freq: 4 }))
    .map(([_id, pairs, extra]) => {
      const doc: Document = { _id };
      for (const [k, v] of pairs) if (v !== undefined) doc[k] = v;
      return { ...doc, ...(extra ?? {}) };
    });
}

describe.each(Object.keys(source.models))("the transform of %s documents", (model) => {
  const mapping = collectionNamed(model)!;

  it("round-trips, is deterministic, and puts every document in exactly one state", () => {
    const states = { migrated: 0, repaired: 0, failed: 0 };
    fc.assert(
      fc.property(documentOf(model), fc.boolean(), (doc, referencesExist) => {
        // Which referenced documents exist: every one, or only those whose UUID is even.
        const exists = (_table: string, uuid: string) => referencesExist || parseInt(uuid.slice(-1), 16) % 2 === 0;
        let first: ReturnType<typeof transformDocument>;
        try {
          first = transformDocument(mapping, doc, exists);
        } catch (e) {
          expect(e).toBeInstanceOf(DocumentError);
          states.failed++;
          return;
        }
        expect(transformDocument(mapping, doc, exists)).toEqual(first);
        if (first.repairs.length) states.repaired++;
        else states.migrated++;

        const ids = new Map<string, unknown>();
        const remember = (v: unknown) => {
          if (v instanceof ObjectId) ids.set(uuidFor(v), v);
          else if (typeof v === "string" && /^[0-9a-f]{24}$/i.test(v)) ids.set(uuidFor(v), new ObjectId(v.toLowerCase()));
        };
        for (const v of Object.values(doc)) (Array.isArray(v) ? v : [v]).forEach(remember);
        const back = restoreDocument(mapping, first.row, first.unmapped, (u) => ids.get(u));
        expect(canonical(mapping, back)).toEqual(canonical(mapping, doc));
        // The validator compares the row without building the document when it has no unmapped data.
        expect(compareDocument(mapping, doc, first.row, first.unmapped)).toEqual([]);
      }),
      { numRuns: 150 },
    );
    expect(states.migrated + states.repaired + states.failed).toBe(150);
  });

  it("is told apart by the validator from a row that holds a value its document does not", () => {
    const free = mapping.columns.filter((f) => f.conversion === "string" && !f.required).map((f) => f.field);
    fc.assert(
      fc.property(documentOf(model), (doc) => {
        let t: ReturnType<typeof transformDocument>;
        try {
          t = transformDocument(mapping, doc, () => true);
        } catch {
          return;
        }
        const field = free.find((f) => t.row[f] === null);
        if (t.unmapped || !field) return;
        expect(compareDocument(mapping, doc, { ...t.row, [field]: "tampered" }, null)).toEqual([
          expect.objectContaining({ field, source: "(absent)" }),
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
