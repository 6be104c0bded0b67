// One MongoDB document → one row, its `nextcrm_migrate.unmapped` data and the repairs made, driven
// by the collection map. Pure: reference existence comes in as a function.
import { ObjectId, type Document } from "mongodb";
import { identityName, uuidFor } from "../identity.js";
import type { CollectionMapping, ColumnField, DefaultValue, Repair } from "../map/types.js";
import { converters, describe, storableJson, ValueError } from "./convert.js";
import { define, encode } from "./ejson.js";
import { AS_IS, forToday, todayDetail } from "./today.js";

/**
 * Which referenced rows exist in the target (the referenced tables migrate first). A stub row
 * (src/postgres/stubs.ts) does not count: the reference still names a missing document.
 */
export type Exists = (table: string, uuid: string) => boolean;

/** A row to make under the id of a missing document, so that a required reference keeps it. */
export interface Stub {
  table: string;
  id: string;
  /** The missing document's `_id`, as hashed for its UUID. */
  mongoId: string;
  /** `<collection>.<field>` of the reference that needs it. */
  referencedBy: string;
}

export interface RepairNote {
  field: string;
  kind: Repair["kind"];
  detail: string;
}

export interface Transformed {
  id: string;
  /** The `_id` as hashed for the UUID: hex for ObjectIds, type-tagged otherwise. */
  mongoId: string;
  /** Column → value for the batch JSON; every column present, NULL as null. */
  row: Record<string, unknown>;
  /** What has no column, as BSON values (unknown fields, repaired originals); null if nothing. */
  unmapped: { fields?: Document; repaired?: Record<string, { kind: string; original?: unknown }> } | null;
  repairs: RepairNote[];
  /** Stub rows the document's references need; empty for almost every document. */
  stubs: Stub[];
  /**
   * The referenced rows it found missing, as `table:uuid`: its row and unmapped data hold while
   * each stays missing (a row found is kept by its foreign key). Empty for almost every document.
   */
  missing: string[];
}

/** A document that cannot be migrated; the message names the field. */
export class DocumentError extends ValueError {
  override name = "DocumentError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

function defaultValue(d: DefaultValue, id: unknown, field: string): unknown {
  if ("literal" in d) return d.literal;
  if (id instanceof ObjectId) return id.getTimestamp().toISOString();
  throw new DocumentError(field, "missing, and the _id is not an ObjectId to take a creation time from");
}

/** A value kept as canonical Extended JSON in jsonb: refused, with its field's name, if jsonb cannot hold it. */
function storableAs(field: string, value: unknown): void {
  try {
    storableJson(encode(value, false));
  } catch (e) {
    throw new DocumentError(field, (e as Error).message);
  }
}

const has = (f: ColumnField, kind: Repair["kind"]) => f.repairs.find((r) => r.kind === kind);

export function transformDocument(mapping: CollectionMapping, doc: Document, existing: Exists, typed?: () => Document): Transformed {
  const id = uuidFor(doc._id);
  const missing: string[] = [];
  const exists: Exists = (table, uuid) => existing(table, uuid) || (missing.push(`${table}:${uuid}`), false);
  const row: Record<string, unknown> = { id };
  const repairs: RepairNote[] = [];
  const repaired: Record<string, { kind: string; original?: unknown }> = {};
  const repair = (field: string, kind: Repair["kind"], original: unknown, detail: string) => {
    repairs.push({ field, kind, detail });
    // A field repaired twice keeps the source's value, which the first repair was given.
    if (!Object.hasOwn(repaired, field)) repaired[field] = original === undefined ? { kind } : { kind, original };
  };
  const redirects: [ColumnField, string, unknown][] = [];
  const stubs: Stub[] = [];

  for (const f of mapping.columns) {
    let raw = doc[f.field];
    if (f.today) {
      const fixed = forToday(f.today, raw, f.vocabulary);
      if (fixed !== AS_IS) {
        repair(f.field, f.today.kind, raw, todayDetail(f.field, f.today, raw, fixed));
        raw = fixed;
      }
    }
    let value: unknown = null;
    if (raw === undefined || raw === null) {
      const d = has(f, "missingToDefault");
      if (f.required && d && d.kind === "missingToDefault") {
        value = defaultValue(d.value, doc._id, f.field);
        repair(f.field, "missingToDefault", raw, `missing ${f.field} set to its default`);
      } else if (f.required && has(f, "missingVersion")) {
        value = 0;
        repair(f.field, "missingVersion", raw, `${raw === null ? "null" : "missing"} ${f.field} set to 0`);
      } else if (f.required) {
        throw new DocumentError(f.field, raw === null ? "required, but null" : "required, but missing");
      }
    } else if (raw === "" && f.conversion === "objectId" && has(f, "emptyToNull")) {
      repair(f.field, "emptyToNull", raw, `"" in ObjectId field ${f.field} set to NULL`);
    } else {
      try {
        value = converters[f.conversion](raw, f.enumValues);
      } catch (e) {
        throw new DocumentError(f.field, (e as Error).message);
      }
      if (f.references && typeof value === "string" && !exists(f.references, value)) {
        const redirect = f.repairs.find((r) => r.kind === "redirect");
        const stub = has(f, "stub");
        if (redirect?.kind === "redirect" && exists(redirect.when, value)) {
          redirects.push([f, redirect.to, raw]);
        } else if (stub?.kind === "stub") {
          stubs.push({ table: stub.table, id: value, mongoId: identityName(raw), referencedBy: `${mapping.collection}.${f.field}` });
          repair(
            f.field,
            "stub",
            raw,
            `${f.field} named a missing ${f.references} document; kept under a stub ${f.references} row of that id`,
          );
        } else if (has(f, "danglingToNull")) {
          repair(f.field, "danglingToNull", raw, `${f.field} named a missing ${f.references} document; set to NULL`);
          value = null;
        } else {
          throw new DocumentError(f.field, `references ${f.references} ${describeId(raw)}, which does not exist`);
        }
      }
    }
    row[f.field] = value;
  }

  // After all columns, so the target column's own value is known.
  for (const [f, to, raw] of redirects) {
    const moved = row[f.field];
    row[f.field] = null;
    if (row[to] === null || row[to] === moved) {
      row[to] = moved;
      repair(
        f.field,
        "redirect",
        raw,
        `${f.field} named a ${mapping.columns.find((c) => c.field === to)?.references} document; moved to ${to}`,
      );
    } else {
      repair(f.field, "danglingToNull", raw, `${f.field} named a document of another table and ${to} is taken; set to NULL`);
    }
  }

  // A junction field's entries go to the junction table; a value that is not an array would go nowhere.
  for (const j of mapping.junctions) {
    const v = doc[j.field];
    if (v !== undefined && v !== null && !Array.isArray(v))
      throw new DocumentError(j.field, `expected an array of ObjectIds, got ${describe(v)}`);
    // An entry that is no ObjectId is staged, and kept as dangling, as jsonb.
    if (Array.isArray(v)) {
      for (const e of v) {
        if (!(e instanceof ObjectId || e === null || typeof e === "number")) storableAs(j.field, e);
      }
    }
  }

  let fields: Document | undefined;
  let exact: Document | undefined;
  for (const key of Object.keys(doc)) {
    if (key === "_id" || mapping.fieldNames.has(key)) continue;
    // Kept in its BSON types (`typed`: the document decoded without promoting numbers).
    const value = (exact ??= typed?.() ?? doc)[key];
    storableAs(key, value);
    define((fields ??= {}), key, value);
  }
  const hasRepairs = repairs.length > 0;
  return {
    id,
    mongoId: identityName(doc._id),
    row,
    unmapped: fields || hasRepairs ? { ...(fields ? { fields } : {}), ...(hasRepairs ? { repaired } : {}) } : null,
    repairs,
    stubs,
    missing,
  };
}

const describeId = (v: unknown) => (v instanceof ObjectId ? v.toHexString() : typeof v === "string" ? v : describe(v));
