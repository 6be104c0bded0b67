// The vocabulary of the collection map: where a source field goes and how its value converts.
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

/** How a BSON value becomes a PostgreSQL value; chosen from the target column's type. */
export type Conversion =
  | "objectId" // ObjectId or 24-hex string → uuid
  | "objectIdArray" // array of those → uuid[]
  | "date" // BSON Date → timestamp(3) without time zone, holding UTC
  | "int" // integral number within int4 → integer
  | "boolean"
  | "string"
  | "stringArray"
  | "json" // any BSON value → jsonb
  | "enum";

/**
 * A deterministic fix applied instead of failing a document (docs/ARCHITECTURE.md, "Repairs").
 * The original value, or its absence, is kept in `nextcrm_migrate.unmapped`.
 * - emptyToNull: `""` in an ObjectId field → NULL
 * - danglingToNull: an optional reference to a missing document → NULL
 * - missingToDefault: a required field that is absent or null → the Prisma default
 * - missingVersion: a required `__v` that is absent or null → 0, mongoose's first version
 * - redirect: the value names a document of another table → moved to the column `to`
 * - stub: a required reference to a missing document of `table` keeps its value, and a stub row
 *   of `table` is made under that id (the policy: src/map/stubs.ts)
 * - the TodayRepair kinds: values `0_init` accepts that today's NextCRM cannot read or upgrade
 */
export type Repair =
  | { kind: "emptyToNull" }
  | { kind: "danglingToNull" }
  | { kind: "missingToDefault"; value: DefaultValue }
  | { kind: "missingVersion" }
  | { kind: "redirect"; when: string; to: string }
  | { kind: "stub"; table: string }
  | TodayRepair;

/**
 * A value valid in `0_init` that today's NextCRM cannot read or show, or that stops its upgrade,
 * written instead in the form NextCRM itself writes (docs/ARCHITECTURE.md, "Today's NextCRM").
 * `breaks`: what fails without it, for the readiness report. `--exact-values` leaves them out.
 * - retiredEnumValue: an enum value today's Prisma schema dropped → `to`
 * - nullToText: NULL or absent → `value` (what NextCRM writes for an empty field, or a placeholder)
 * - heldForUpgrade: a word outside the field's vocabulary, which NextCRM's upgrade refuses → NULL
 *   until `after-upgrade` makes it a row of NextCRM's settings and points the record at it
 * - currencyCode: a currency in other case or with spaces → its upper-case three-letter code
 * - nullElements: NULL elements of an array, which Prisma cannot read → left out
 */
export type TodayRepair =
  | { kind: "retiredEnumValue"; from: string; to: string; breaks: string }
  | { kind: "nullToText"; value: string; breaks: string }
  | { kind: "heldForUpgrade"; breaks: string }
  | { kind: "currencyCode"; breaks: string }
  | { kind: "nullElements"; breaks: string };

export const TODAY_REPAIR_KINDS: readonly TodayRepair["kind"][] = [
  "retiredEnumValue",
  "nullToText",
  "heldForUpgrade",
  "currencyCode",
  "nullElements",
];

export const isTodayRepair = (r: Repair): r is TodayRepair => (TODAY_REPAIR_KINDS as readonly string[]).includes(r.kind);

/**
 * The words NextCRM's app fills a free-text field from. `upgrade`: the NextCRM migration that
 * maps the field onto these words case-insensitively and rolls back on any other value.
 */
export interface Vocabulary {
  values: readonly string[];
  upgrade?: string;
}

/** `objectIdTime`: a creation timestamp defaults to the time inside the document's ObjectId. */
export type DefaultValue = { literal: unknown } | { objectIdTime: true };

export interface ColumnField {
  kind: "column";
  /** The MongoDB key, which is also the column name. */
  field: string;
  column: PgColumn;
  conversion: Conversion;
  /** The column is NOT NULL. */
  required: boolean;
  /** Prisma requires the field although the column is nullable on purpose (see `relaxed`). */
  sourceRequired: boolean;
  /** Table name of the referenced table when the column has a foreign key. */
  references?: string;
  enumValues?: readonly string[];
  vocabulary?: Vocabulary;
  repairs: Repair[];
  /** The repair for today's NextCRM, if the field has one (also in `repairs`). */
  today?: TodayRepair;
}

/** One side of a many-to-many relation: the array on this collection's documents. */
export interface JunctionField {
  kind: "junction";
  field: string;
  junction: PgTable;
  junctionName: string;
  /** Junction column that holds this document's id. */
  selfColumn: string;
  /** Junction column that holds the ids in the array. */
  otherColumn: string;
  /** The table the array points at. */
  references: string;
}

/** A known field with no column: kept in `nextcrm_migrate.unmapped`. */
export interface UnmappedField {
  kind: "unmapped";
  field: string;
  reason: string;
}

export type FieldMapping = ColumnField | JunctionField | UnmappedField;

export interface CollectionMapping {
  /** Collection name in MongoDB, which is also the table name. */
  collection: string;
  table: PgTable;
  fields: FieldMapping[];
  /** Every known source key but `_id`: anything else goes to nextcrm_migrate.unmapped. */
  fieldNames: ReadonlySet<string>;
  /** Column fields by key, for the per-document hot path. */
  columns: ColumnField[];
  junctions: JunctionField[];
}

export interface JunctionMapping {
  name: string;
  table: PgTable;
  /** The one or two arrays that feed it. */
  sides: { collection: string; field: JunctionField }[];
  /** The two columns in primary-key order, with the table each points at. */
  columns: { name: string; references: string }[];
}
