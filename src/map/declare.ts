// Turns the short declaration in collections.ts into the full per-field map, deriving what the
// Drizzle schema already says (column type, nullability, default, foreign key) instead of restating it.
import { getTableName, is, SQL } from "drizzle-orm";
import { getTableConfig, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
import { VERSION_KEY } from "../schema/columns.js";
import { sqlText } from "../schema/sqlText.js";
import {
  isTodayRepair,
  type CollectionMapping,
  type ColumnField,
  type Conversion,
  type DefaultValue,
  type FieldMapping,
  type JunctionMapping,
  type Repair,
  type TodayRepair,
  type Vocabulary,
} from "./types.js";

/** A field kept as a junction: `self` holds this document's id, `other` the array's ids. */
export interface JunctionDecl {
  self: PgColumn;
  other: PgColumn;
}

export interface CollectionDecl {
  table: PgTable;
  /** ObjectId arrays that became junction tables. */
  junctions?: Record<string, JunctionDecl>;
  /** Known fields deliberately without a column. */
  unmapped?: Record<string, string>;
  /** Repairs beyond the ones the column implies. */
  repairs?: Record<string, Repair[]>;
  /** Fields Prisma requires whose column is nullable on purpose, with the reason. */
  relaxed?: Record<string, string>;
  /** Free-text fields the app fills from fixed words. */
  vocabulary?: Record<string, Vocabulary>;
  /** What today's NextCRM needs of a value `0_init` accepts (see TodayRepair). */
  today?: Record<string, TodayRepair>;
}

export const via = (self: PgColumn, other: PgColumn): JunctionDecl => ({ self, other });

function conversionOf(column: PgColumn): Conversion {
  const sqlType = column.getSQLType();
  if ("enumValues" in column && column.enumValues && column.columnType === "PgEnumColumn") return "enum";
  switch (sqlType) {
    case "uuid":
      return "objectId";
    case "uuid[]":
      return "objectIdArray";
    case "integer":
      return "int";
    case "boolean":
      return "boolean";
    case "text":
      return "string";
    case "text[]":
      return "stringArray";
    case "jsonb":
      return "json";
  }
  if (sqlType.startsWith("timestamp")) return "date";
  throw new Error(`collection map: no conversion for column ${column.name} of type ${sqlType}`);
}

/** Column defaults as Drizzle holds them: a literal, or SQL such as CURRENT_TIMESTAMP. */
function defaultOf(column: PgColumn): DefaultValue | undefined {
  if (!column.hasDefault || column.default === undefined) return undefined;
  const d = column.default;
  if (is(d, SQL)) {
    const text = sqlText(d).trim();
    if (/^(now\(\)|CURRENT_TIMESTAMP)$/i.test(text)) return { objectIdTime: true };
    throw new Error(`collection map: cannot use SQL default "${text}" of ${column.name} as a repair`);
  }
  return { literal: d };
}

function foreignTargets(table: PgTable): Map<string, string> {
  const refs = new Map<string, string>();
  for (const fk of getTableConfig(table).foreignKeys) {
    const r = fk.reference();
    const col = r.columns[0];
    if (col && r.columns.length === 1) refs.set(col.name, getTableName(r.foreignTable));
  }
  return refs;
}

function columnField(table: PgTable, column: PgColumn, extra: Repair[], relaxed: boolean, vocabulary: Vocabulary | undefined): ColumnField {
  const references = foreignTargets(table).get(column.name);
  const conversion = conversionOf(column);
  const required = column.notNull;
  const repairs: Repair[] = [];
  if (conversion === "objectId" && !required) repairs.push({ kind: "emptyToNull" });
  if (references && !required) repairs.push({ kind: "danglingToNull" });
  const dflt = defaultOf(column);
  if (required && column.name === VERSION_KEY) repairs.push({ kind: "missingVersion" });
  else if (required && dflt) repairs.push({ kind: "missingToDefault", value: dflt });
  repairs.push(...extra);
  const today = extra.find(isTodayRepair);
  if (today?.kind === "heldForUpgrade" && !vocabulary?.upgrade)
    throw new Error(`collection map: ${column.name} is held for NextCRM's upgrade but has no vocabulary the upgrade checks`);
  return {
    kind: "column",
    field: column.name,
    column,
    conversion,
    required,
    sourceRequired: required || relaxed,
    ...(references ? { references } : {}),
    ...(conversion === "enum" ? { enumValues: (column as PgColumn & { enumValues: string[] }).enumValues } : {}),
    ...(vocabulary ? { vocabulary } : {}),
    repairs,
    ...(today ? { today } : {}),
  };
}

export function resolveCollection(collection: string, decl: CollectionDecl): CollectionMapping {
  const { table } = decl;
  const cfg = getTableConfig(table);
  if (cfg.name !== collection) throw new Error(`collection map: ${collection} is declared with table ${cfg.name}`);
  const fields: FieldMapping[] = [];
  for (const column of cfg.columns) {
    if (column.name === "id") continue; // `_id`, handled by identity
    const today = decl.today?.[column.name];
    const repairs = [...(decl.repairs?.[column.name] ?? []), ...(today ? [today] : [])];
    fields.push(columnField(table, column, repairs, column.name in (decl.relaxed ?? {}), decl.vocabulary?.[column.name]));
  }
  for (const [field, { self, other }] of Object.entries(decl.junctions ?? {})) {
    const junction = self.table;
    if (other.table !== junction) throw new Error(`collection map: ${collection}.${field} names columns of two junctions`);
    const references = foreignTargets(junction).get(other.name);
    if (!references) throw new Error(`collection map: ${getTableName(junction)}.${other.name} has no foreign key`);
    fields.push({
      kind: "junction",
      field,
      junction,
      junctionName: getTableName(junction),
      selfColumn: self.name,
      otherColumn: other.name,
      references,
    });
  }
  for (const [field, reason] of Object.entries(decl.unmapped ?? {})) fields.push({ kind: "unmapped", field, reason });
  for (const field of [
    ...Object.keys(decl.repairs ?? {}),
    ...Object.keys(decl.relaxed ?? {}),
    ...Object.keys(decl.vocabulary ?? {}),
    ...Object.keys(decl.today ?? {}),
  ]) {
    if (!cfg.columns.some((c) => c.name === field)) throw new Error(`collection map: ${collection}.${field} is declared but has no column`);
  }
  return {
    collection,
    table,
    fields,
    fieldNames: new Set(fields.map((f) => f.field)),
    columns: fields.filter((f): f is ColumnField => f.kind === "column"),
    junctions: fields.filter((f) => f.kind === "junction"),
  };
}

export function resolveJunctions(collections: CollectionMapping[]): JunctionMapping[] {
  const byName = new Map<string, JunctionMapping>();
  for (const c of collections) {
    for (const field of c.junctions) {
      let j = byName.get(field.junctionName);
      if (!j) {
        const refs = foreignTargets(field.junction);
        const pk = getTableConfig(field.junction).primaryKeys[0];
        const columns = (pk?.columns ?? []).map((col) => ({ name: col.name, references: refs.get(col.name) ?? "" }));
        j = { name: field.junctionName, table: field.junction, sides: [], columns };
        byName.set(j.name, j);
      }
      j.sides.push({ collection: c.collection, field });
    }
  }
  return [...byName.values()];
}

/** The mapping without its TodayRepairs: --exact-values keeps every value `0_init` accepts as it is. */
export function withoutTodayRepairs(c: CollectionMapping): CollectionMapping {
  if (!c.columns.some((f) => f.today)) return c;
  const fields = c.fields.map((f): FieldMapping => {
    if (f.kind !== "column" || !f.today) return f;
    const { today: _, ...rest } = f;
    return { ...rest, repairs: f.repairs.filter((r) => !isTodayRepair(r)) };
  });
  return { ...c, fields, columns: fields.filter((f): f is ColumnField => f.kind === "column") };
}
