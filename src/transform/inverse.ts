// The inverse of transformDocument: a row (plus its _migration_unmapped data) back to the
// document it came from, in canonical form. The property tests prove the pair round-trips; UUIDs
// cannot be hashed back, so the caller says which ObjectId each UUID came from.
import { BSON, ObjectId, type Document } from "mongodb";
import type { CollectionMapping } from "../map/types.js";
import { exactJson } from "./convert.js";
import type { Transformed } from "./document.js";

export type ResolveId = (uuid: string) => unknown;

export function restoreDocument(
  mapping: CollectionMapping,
  row: Record<string, unknown>,
  unmapped: Transformed["unmapped"],
  resolveId: ResolveId,
): Document {
  const doc: Document = { _id: resolveId(row.id as string) };
  for (const f of mapping.columns) {
    const v = row[f.field];
    if (v === null || v === undefined) continue;
    switch (f.conversion) {
      case "objectId":
        doc[f.field] = resolveId(v as string);
        break;
      case "objectIdArray":
        doc[f.field] = (v as string[]).map(resolveId);
        break;
      case "date":
        doc[f.field] = new Date(v as string);
        break;
      case "bigint":
        doc[f.field] = BigInt(v as bigint);
        break;
      case "json":
        // Plain JSON numbers stay numbers (canonical mode would make large ones Long, which the
        // transform writes as {"$numberLong"}); {"$numberLong"} comes back as an exact bigint.
        doc[f.field] = BSON.EJSON.deserialize(v as never, { relaxed: true, useBigInt64: true });
        break;
      default:
        doc[f.field] = v;
    }
  }
  for (const [field, { kind, original }] of Object.entries(unmapped?.repaired ?? {})) {
    if (kind === "redirect") {
      const to = mapping.columns.find((c) => c.field === field)?.repairs.find((r) => r.kind === "redirect");
      if (to?.kind === "redirect") delete doc[to.to];
    }
    if (original === undefined || original === null) delete doc[field];
    else doc[field] = original;
  }
  Object.assign(doc, unmapped?.fields ?? {});
  return doc;
}

/** A hex string that spells an ObjectId becomes one; anything else stays as it is, to be compared. */
const asObjectId = (v: unknown) => (typeof v === "string" && /^[0-9a-f]{24}$/i.test(v) ? new ObjectId(v.toLowerCase()) : v);

/**
 * The canonical form both sides are compared in: ObjectId strings as ObjectIds, integers as
 * numbers (an integer has no negative zero), jsonb values as the exact JSON the column holds.
 */
export function canonical(mapping: CollectionMapping, doc: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(doc)) {
    if (v === null || v === undefined) continue;
    const f = mapping.columns.find((c) => c.field === k);
    if (!f) {
      if (!mapping.junctions.some((j) => j.field === k)) out[k] = v;
      continue;
    }
    if (f.conversion === "objectId") out[k] = asObjectId(v);
    else if (f.conversion === "objectIdArray" && Array.isArray(v)) out[k] = v.map(asObjectId);
    else if (f.conversion === "int") out[k] = Number(v) + 0;
    else if (f.conversion === "bigint") out[k] = BigInt(typeof v === "object" ? String(v) : (v as number));
    else if (f.conversion === "json") out[k] = exactJson(v);
    else out[k] = v;
  }
  return out;
}
