// Any document, however strange: for every collection, documents whose fields hold any BSON value
// under any key (`__proto__`, `_bsontype`, `$oid`, dotted, empty, very long, at any depth). The
// transform either fails the document with a message, or its row and unmapped data, as PostgreSQL
// stores them, give the source document back through the inverse, BSON types kept; it never
// throws anything else, and nothing on the document's way (redaction, the error log's rendering,
// the validator's comparison) throws or loses a key.
import fc from "fast-check";
import { ObjectId, type Document } from "mongodb";
import { describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { collections } from "../../src/map/collections.js";
import { unmappedJson } from "../../src/postgres/upsert.js";
import { redact, showDocument } from "../../src/report/redact.js";
import { DocumentError, transformDocument, type Transformed } from "../../src/transform/document.js";
import { canonicalText, decode, encode, isDocument } from "../../src/transform/ejson.js";
import { canonicalValue, restoreDocument } from "../../src/transform/inverse.js";
import { compareDocument } from "../../src/validate/compare.js";
import { ADVERSARIAL_KEYS, documentOf, promoted, seeded, sourceDocument } from "../helpers/anyDocument.js";

/** Documents per collection per CI run. */
export const RUNS_PER_COLLECTION = 60;

/** JSON with every object's keys sorted: jsonb keeps no key order. */
const sortedJson = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(sortedJson)
    : isDocument(x)
      ? documentOf(
          Object.keys(x)
            .sort()
            .map((k) => [k, sortedJson(x[k])]),
        )
      : x;

/**
 * A field as it must come back: a jsonb column's value as the JSON the column holds (plain JSON,
 * no BSON number types), any other field in canonical Extended JSON, BSON types kept (a column's
 * as its conversion gives it back: an ObjectId string as the ObjectId, an integer as a number).
 */
function fieldText(mapping: (typeof collections)[number], k: string, v: unknown): string {
  const f = mapping.columns.find((c) => c.field === k);
  if (f?.conversion === "json") return JSON.stringify(sortedJson(encode(v, true)));
  return JSON.stringify(sortedJson(encode(f ? canonicalValue(mapping, k, v) : v, false)));
}

/** As PostgreSQL gives them back: JSON through jsonb, unmapped data as stored Extended JSON. */
function stored(t: Transformed): { row: Record<string, unknown>; unmapped: Transformed["unmapped"] } {
  const row = JSON.parse(JSON.stringify(t.row)) as Record<string, unknown>;
  const unmapped = t.unmapped ? (decode(JSON.parse(JSON.stringify(unmappedJson(t.unmapped))), false) as Transformed["unmapped"]) : null;
  return { row, unmapped };
}

/** The ObjectIds a row's UUIDs came from: the document's own. */
function resolverOf(doc: Document) {
  const ids = new Map<string, unknown>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof ObjectId) ids.set(uuidFor(v), v);
    else if (typeof v === "string" && /^[0-9a-f]{24}$/i.test(v)) ids.set(uuidFor(v), new ObjectId(v.toLowerCase()));
  };
  for (const k of Object.keys(doc)) visit(doc[k]);
  return (u: string) => ids.get(u);
}

describe.each(collections.map((c) => [c.collection, c] as const))("any %s document", (_name, mapping) => {
  it("fails with a message, or comes back exactly through the inverse; nothing on its way throws or drops a key", () => {
    const states = { arrived: 0, failed: 0 };
    // Each document fails with a message or arrives; most arrive, so the round trip is what is tested.
    fc.assert(
      fc.property(sourceDocument(mapping), (doc) => {
        // The error log and the reports render it, redacted, whatever it holds.
        expect(() => showDocument(doc)).not.toThrow();
        expect(Object.keys(redact(doc) as Document)).toEqual(Object.keys(doc));
        let t: Transformed;
        try {
          t = transformDocument(
            mapping,
            promoted(doc),
            () => true,
            () => doc,
          );
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(DocumentError);
          expect((e as Error).message.length).toBeGreaterThan(0);
          states.failed++;
          return;
        }
        states.arrived++;
        const { row, unmapped } = stored(t);
        const back = restoreDocument(mapping, row, unmapped, resolverOf(doc));
        const source = promoted(doc);
        // Every key but the junction arrays (their own tables) and a column's NULL (no value to give back).
        const column = (k: string) => mapping.columns.some((f) => f.field === k);
        const junction = (k: string) => mapping.junctions.some((f) => f.field === k);
        expect(Object.keys(back).sort()).toEqual(
          Object.keys(doc)
            .filter((k) => !junction(k) && !(column(k) && (doc[k] === null || doc[k] === undefined)))
            .sort(),
        );
        for (const k of Object.keys(back))
          expect(fieldText(mapping, k, back[k]), k).toBe(fieldText(mapping, k, mapping.fieldNames.has(k) ? source[k] : doc[k]));
        expect(compareDocument(mapping, source, row, unmapped)).toEqual([]);
      }),
      { numRuns: RUNS_PER_COLLECTION },
    );
    expect(states.arrived + states.failed).toBe(RUNS_PER_COLLECTION);
    expect(states.arrived).toBeGreaterThan(RUNS_PER_COLLECTION / 3);
  });
});

describe("the keys no object may swallow", () => {
  it("each survives the transform, nextcrm_migrate.unmapped, the inverse, redaction and the validator, at the top and deep inside", () => {
    const mapping = collections.find((c) => c.collection === "Tasks")!;
    for (const k of ADVERSARIAL_KEYS) {
      const inner = documentOf([
        [
          k,
          documentOf([
            [k, 1],
            ["password", "hunter2"],
          ]),
        ],
      ]);
      const doc = documentOf([...Object.entries(seeded.document(mapping, 0)), ["tags", inner], [k, inner]]);
      const t = transformDocument(
        mapping,
        doc,
        () => true,
        () => doc,
      );
      const { row, unmapped } = stored(t);
      const back = restoreDocument(mapping, row, unmapped, resolverOf(doc));
      expect(Object.hasOwn(back, k), k).toBe(true);
      expect(canonicalText(back[k]), k).toBe(canonicalText(inner));
      expect(compareDocument(mapping, doc, row, unmapped), k).toEqual([]);
      const red = redact(doc) as Document;
      expect(Object.hasOwn(red, k), k).toBe(true);
      expect(JSON.stringify(showDocument(doc))).not.toContain("hunter2");
      // A tampered value is named with both sides readable.
      const [m] = compareDocument(mapping, doc, row, { ...unmapped!, fields: documentOf([[k, "tampered"]]) });
      expect(m, k).toMatchObject({ field: k, target: '"tampered"' });
      // Readable: the source's JSON, cut at 200 characters (the 1000-character key fills them).
      if (k.length < 100) expect(JSON.parse(m!.source), k).toEqual(JSON.parse(JSON.stringify(encode(redact(inner), true))));
    }
  });
});
