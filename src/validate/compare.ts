// Layer 2's comparison: a target row (with its nextcrm_migrate.unmapped data) is turned back into a
// document by the transform's inverse and compared, field by field, with the source document.
import { ObjectId, type Document } from "mongodb";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { redact, REDACTED, SECRET_FIELD } from "../report/redact.js";
import { fromEntries, isDocument } from "../transform/ejson.js";
import { exactJson } from "../transform/convert.js";
import type { Transformed } from "../transform/document.js";
import { canonicalColumnValue, mappedFields, restoreDocument, restoredField, type ResolveId } from "../transform/inverse.js";

export interface FieldMismatch {
  table: string;
  mongoId: string;
  uuid: string;
  field: string;
  source: string;
  target: string;
}

const isSymbol = (v: object): v is { $symbol: string } => "$symbol" in v && Object.keys(v).length === 1;

/**
 * Exact JSON (5 and 5n alike, but an Int64 beyond 2^53 by its digits: relaxed Extended JSON would
 * round both sides alike and hide a difference); keys sorted (jsonb reorders them). A BSON Symbol
 * as its text: the source is read with values promoted, which makes it a string, and a field
 * without a column keeps it as a Symbol (src/mongo/raw.ts, decodeTyped).
 */
export function stable(value: unknown): string {
  const json = exactJson(value);
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? isSymbol(v)
          ? v.$symbol
          : fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sort((v as Document)[k])]),
            )
        : v;
  return JSON.stringify(sort(json));
}

/**
 * True only when stable() would surely give both the same text: the strings, numbers, dates,
 * ObjectIds, arrays and plain objects most fields hold, without serialising them. Anything else,
 * or a difference, goes to stable(), which decides.
 */
export function surelyEqual(a: unknown, b: unknown): boolean {
  switch (typeof a) {
    case "string":
    case "boolean":
    case "bigint":
      return a === b;
    case "number":
      return typeof b === "number" && Object.is(a, b); // -0 is not 0; NaN is NaN
    case "object":
      if (a instanceof Date) return b instanceof Date && !Number.isNaN(a.getTime()) && a.getTime() === b.getTime();
      if (a instanceof ObjectId) return b instanceof ObjectId && a.equals(b);
      if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!surelyEqual(a[i], b[i])) return false;
        return true;
      }
      if (isDocument(a)) {
        if (!isDocument(b)) return false;
        const keys = Object.keys(a);
        if (keys.length !== Object.keys(b).length) return false;
        let dollarKeys = 0;
        for (const k of keys) {
          // Extended JSON reads `$` keys in their order, which jsonb does not keep: stable() decides.
          if (k.startsWith("$") && ++dollarKeys > 1) return false;
          if (!Object.prototype.propertyIsEnumerable.call(b, k) || !surelyEqual(a[k], b[k])) return false;
        }
        return true;
      }
  }
  return false;
}

/** What a user may see of a value: secret fields redacted, at most 200 characters. */
export function show(field: string, value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = stable(SECRET_FIELD.test(field) ? REDACTED : redact(value));
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

const asSource = (v: unknown) => (typeof v === "string" ? new ObjectId(v.toLowerCase()) : v);

/**
 * Names the target's UUIDs back by the source document's ids: first the value at the same place
 * (almost always the one), else every id-like value of the document (a redirect moved it).
 */
function resolverFor(doc: Document, docUuid: string): ResolveId {
  let everyId: Map<string, unknown> | undefined;
  return (uuid, field, index) => {
    if (field === "_id" && uuid === docUuid) return doc._id;
    const here = index === undefined ? doc[field] : Array.isArray(doc[field]) ? doc[field][index] : undefined;
    if (isObjectIdLike(here) && uuidFor(here) === uuid) return asSource(here);
    if (!everyId) {
      const ids = (everyId = new Map<string, unknown>());
      const visit = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (isObjectIdLike(v)) ids.set(uuidFor(v), asSource(v));
      };
      Object.values(doc).forEach(visit);
      ids.set(docUuid, doc._id);
    }
    return everyId.get(uuid) ?? `(uuid ${uuid} names no id in the source document)`;
  };
}

/** Own keys only: a field may be called "constructor" or "toString". */
const ownValue = (d: Document, k: string): unknown => (Object.hasOwn(d, k) ? d[k] : undefined);

export function compareDocument(
  mapping: CollectionMapping,
  doc: Document,
  row: Record<string, unknown>,
  unmapped: Transformed["unmapped"],
  /** The document's UUID, when the caller has it already. */
  docUuid: string = uuidFor(doc._id),
): FieldMismatch[] {
  // Field by field, without building both canonical documents: --full compares every document.
  // A row without unmapped data is not even restored as a document (see restoredField).
  const resolve = resolverFor(doc, docUuid);
  const restored = unmapped ? restoreDocument(mapping, row, unmapped, resolve) : undefined;
  const { columns, junctionFields } = mappedFields(mapping);
  const fields = Object.keys(doc);
  if (restored) {
    for (const k of Object.keys(restored)) if (!Object.hasOwn(doc, k)) fields.push(k);
  } else {
    for (const { field } of mapping.columns)
      if (row[field] !== null && row[field] !== undefined && !Object.hasOwn(doc, field)) fields.push(field);
  }
  const out: FieldMismatch[] = [];
  for (const field of fields) {
    const column = columns.get(field);
    if (!column && junctionFields.has(field)) continue; // the junction layer's (canonicalValue)
    const a = canonicalColumnValue(column, ownValue(doc, field));
    const b = canonicalColumnValue(column, restored ? ownValue(restored, field) : restoredField(row, resolve, field, column));
    if (a === undefined && b === undefined) continue;
    if (a !== undefined && b !== undefined && (surelyEqual(a, b) || stable(a) === stable(b))) continue;
    out.push({
      table: mapping.collection,
      mongoId: identityName(doc._id),
      uuid: String(row.id),
      field,
      source: show(field, a),
      target: show(field, b),
    });
  }
  return out;
}
