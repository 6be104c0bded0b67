// The inverse of transformDocument: a row (plus its nextcrm_migrate.unmapped data) back to the
// document it came from, in canonical form. The property tests prove the pair round-trips; UUIDs
// cannot be hashed back, so the caller says which ObjectId each UUID came from.
import { ObjectId, type Document } from "mongodb";
import { OBJECT_ID_HEX } from "../identity.js";
import type { CollectionMapping, ColumnField } from "../map/types.js";
import { exactJson } from "./convert.js";
import { decode, define } from "./ejson.js";
import type { Transformed } from "./document.js";

/** The source id a UUID came from; `field` (and `index` in an array) says where the row held it. */
export type ResolveId = (uuid: string, field: string, index?: number) => unknown;

export function restoreDocument(
  mapping: CollectionMapping,
  row: Record<string, unknown>,
  unmapped: Transformed["unmapped"],
  resolveId: ResolveId,
): Document {
  const doc: Document = { _id: resolveId(row.id as string, "_id") };
  for (const f of mapping.columns) {
    const v = restoreColumn(f, row[f.field], resolveId);
    if (v !== undefined) doc[f.field] = v;
  }
  for (const [field, { kind, original }] of Object.entries(unmapped?.repaired ?? {})) {
    if (kind === "redirect") {
      const to = mapping.columns.find((c) => c.field === field)?.repairs.find((r) => r.kind === "redirect");
      if (to?.kind === "redirect") delete doc[to.to];
    }
    if (original === undefined || original === null) delete doc[field];
    else doc[field] = original;
  }
  const fields = unmapped?.fields ?? {};
  for (const k of Object.keys(fields)) define(doc, k, fields[k]);
  return doc;
}

/** A column's value back as the document held it; undefined for NULL (the document had none). */
function restoreColumn(f: ColumnField, v: unknown, resolveId: ResolveId): unknown {
  if (v === null || v === undefined) return undefined;
  switch (f.conversion) {
    case "objectId":
      return resolveId(v as string, f.field);
    case "objectIdArray":
      return (v as string[]).map((u, i) => resolveId(u, f.field, i));
    case "date":
      return new Date(v as string);
    case "json":
      // Plain JSON numbers stay numbers (canonical mode would make large ones Long, which the
      // transform writes as {"$numberLong"}); {"$numberLong"} comes back as an exact bigint.
      return decode(v, true);
    default:
      return v;
  }
}

/**
 * One field of restoreDocument's document for a row without unmapped data, where every field is
 * `_id` or a column: --full asks for each field of each document, and building the document
 * cost more than comparing it.
 */
export function restoredField(row: Record<string, unknown>, resolveId: ResolveId, field: string, column: ColumnField | undefined): unknown {
  if (field === "_id") return resolveId(row.id as string, "_id");
  return column ? restoreColumn(column, row[field], resolveId) : undefined;
}

/** A hex string that spells an ObjectId becomes one; anything else stays as it is, to be compared. */
const asObjectId = (v: unknown) => (typeof v === "string" && OBJECT_ID_HEX.test(v) ? new ObjectId(v.toLowerCase()) : v);

/**
 * The canonical form both sides are compared in: ObjectId strings as ObjectIds, integers as
 * numbers (an integer has no negative zero), jsonb values as the exact JSON the column holds.
 */
export function canonical(mapping: CollectionMapping, doc: Document): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(doc)) {
    const c = canonicalValue(mapping, k, v);
    if (c !== undefined) define(out, k, c);
  }
  return out;
}

/** One field of canonical(): undefined when the field does not count (null, absent, a junction). */
export function canonicalValue(mapping: CollectionMapping, field: string, v: unknown): unknown {
  const { columns, junctionFields } = mappedFields(mapping);
  const f = columns.get(field);
  return !f && junctionFields.has(field) ? undefined : canonicalColumnValue(f, v);
}

/** canonicalValue of a field that is no junction's, by its column (undefined: it has none). */
export function canonicalColumnValue(f: ColumnField | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (!f) return v;
  switch (f.conversion) {
    case "objectId":
      return asObjectId(v);
    case "objectIdArray":
      return Array.isArray(v) ? v.map(asObjectId) : v;
    case "int":
      return Number(v) + 0;
    case "json":
      return exactJson(v);
    default:
      return v;
  }
}

/** A mapping's fields by name: --full asks for every field of every document, on both sides. */
const fieldsCache = new WeakMap<CollectionMapping, { columns: Map<string, ColumnField>; junctionFields: Set<string> }>();
export function mappedFields(mapping: CollectionMapping) {
  let f = fieldsCache.get(mapping);
  if (!f)
    fieldsCache.set(
      mapping,
      (f = { columns: new Map(mapping.columns.map((c) => [c.field, c])), junctionFields: new Set(mapping.junctions.map((j) => j.field)) }),
    );
  return f;
}
