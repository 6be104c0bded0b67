// Layer 2's comparison: a target row (with its _migration_unmapped data) is turned back into a
// document by the transform's inverse and compared, field by field, with the source document.
import { ObjectId, type Document } from "mongodb";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { redact } from "../report/redact.js";
import { exactJson } from "../transform/convert.js";
import type { Transformed } from "../transform/document.js";
import { canonical, restoreDocument } from "../transform/inverse.js";

export interface FieldMismatch {
  table: string;
  mongoId: string;
  uuid: string;
  field: string;
  source: string;
  target: string;
}

/**
 * Exact JSON (5 and 5n alike, but an Int64 beyond 2^53 by its digits: relaxed Extended JSON would
 * round both sides alike and hide a difference); keys sorted (jsonb reorders them).
 */
function stable(value: unknown): string {
  const json = exactJson(value);
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Document)[k])])) : v;
  return JSON.stringify(sort(json));
}

/** What a user may see of a value: secret fields redacted, at most 200 characters. */
export function show(field: string, value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = stable(redact({ [field]: value }));
  const inner = text.slice(text.indexOf(":") + 1, -1);
  return inner.length > 200 ? `${inner.slice(0, 197)}...` : inner;
}

/** Every id-like value in the source document, so the target's UUIDs can be named back. */
function resolverFor(doc: Document): (uuid: string) => unknown {
  const ids = new Map<string, unknown>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObjectIdLike(v)) ids.set(uuidFor(v), typeof v === "string" ? new ObjectId(v.toLowerCase()) : v);
  };
  Object.values(doc).forEach(visit);
  ids.set(uuidFor(doc._id), doc._id);
  return (uuid) => ids.get(uuid) ?? `(uuid ${uuid} names no id in the source document)`;
}

export function compareDocument(
  mapping: CollectionMapping,
  doc: Document,
  row: Record<string, unknown>,
  unmapped: Transformed["unmapped"],
): FieldMismatch[] {
  const source = canonical(mapping, doc);
  const target = canonical(mapping, restoreDocument(mapping, row, unmapped, resolverFor(doc)));
  const out: FieldMismatch[] = [];
  for (const field of new Set([...Object.keys(source), ...Object.keys(target)])) {
    const a = source[field];
    const b = target[field];
    if (a === undefined && b === undefined) continue;
    if (a !== undefined && b !== undefined && stable(a) === stable(b)) continue;
    out.push({ table: mapping.collection, mongoId: identityName(doc._id), uuid: String(row.id), field, source: show(field, a), target: show(field, b) });
  }
  return out;
}
