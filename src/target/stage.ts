// The junction stage: each batch's ObjectId arrays, written in the batch's own transaction, so a
// junction sync needs no second read of MongoDB (on FerretDB, re-reading the arrays of every
// side cost more than the whole entity pass). It lives outside `public`, unlogged: machinery of
// the run, not part of the target schema, dropped after a run with no failures.
import { BSON, type Document } from "mongodb";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import { junctions } from "../map/collections.js";
import type { CollectionMapping } from "../map/types.js";
import type { Sql } from "./connect.js";
import { toJsonText } from "./json.js";

export const STAGE = `"nextcrm_migrate"."junction_stage"`;

/** Creates the stage if missing; true when it had to (a resumed run must then re-read its tables). */
export async function ensureStage(sql: Sql): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${0x6e6378_03})`;
    const [{ found }] = (await tx`select to_regclass('nextcrm_migrate.junction_stage') is not null as found`) as unknown as [{ found: boolean }];
    await tx`create schema if not exists nextcrm_migrate`;
    await tx.unsafe(`create unlogged table if not exists ${STAGE} (${STAGE_COLUMNS})`);
    await tx.unsafe(`create index if not exists junction_stage_owner on ${STAGE} (owner_table, owner)`);
    await tx.unsafe(`create index if not exists junction_stage_junction on ${STAGE} (junction)`);
    return !found;
  })) as boolean;
}

/** A table read from its first document: its previous pass's arrays no longer count. */
export async function clearStage(sql: Sql, collection: string): Promise<void> {
  await sql.unsafe(`delete from ${STAGE} where owner_table = $1`, [collection]);
}

export async function dropStage(sql: Sql): Promise<void> {
  await sql`drop schema if exists nextcrm_migrate cascade`;
}

/** Replaces the staged arrays of these documents (call inside the batch's transaction). */
export async function stageBatch(tx: Sql, mapping: CollectionMapping, docs: Document[]): Promise<void> {
  if (!mapping.junctions.length || !docs.length) return;
  const rows = junctionRows(mapping, docs);
  await tx.unsafe(`delete from ${STAGE} where owner_table = $1 and owner = any($2::uuid[])`, [mapping.collection, docs.map((d) => uuidFor(d._id))]);
  if (rows.length) await insertStageRows(tx, STAGE, rows);
}

/** Appends rows to a stage table of this shape (the migrator's, or the validator's temp one). */
export async function insertStageRows(tx: Sql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  // json_populate_recordset reads a JSON null as SQL NULL; a null array entry is the jsonb null.
  await tx.unsafe(
    `insert into ${table} select junction, side, owner_table, owner, owner_mongo, c0, c1, coalesce(element, 'null'::jsonb)
       from json_populate_recordset(null::${table}, $1::text::json)`,
    [toJsonText(rows, false)],
  );
}

/** Per junction field of a collection: its junction, which side it is, its column order. */
const placesOf = new WeakMap<CollectionMapping, { field: string; junction: string; side: number; selfFirst: boolean }[]>();
function places(mapping: CollectionMapping) {
  let p = placesOf.get(mapping);
  if (!p) {
    p = mapping.junctions.map((field) => {
      const j = junctions.find((x) => x.name === field.junctionName)!;
      const side = j.sides.findIndex((s) => s.collection === mapping.collection && s.field.field === field.field);
      return { field: field.field, junction: j.name, side, selfFirst: field.selfColumn === j.columns[0]!.name };
    });
    placesOf.set(mapping, p);
  }
  return p;
}

/** One stage row per array entry of the documents' junction fields. */
export function junctionRows(mapping: CollectionMapping, docs: Document[]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const doc of docs) {
    const owner = uuidFor(doc._id);
    const ownerMongo = identityName(doc._id);
    for (const { field, junction, side, selfFirst } of places(mapping)) {
      const arr = doc[field];
      if (!Array.isArray(arr)) continue;
      for (const e of arr) {
        const other = isObjectIdLike(e) ? uuidFor(e) : null;
        const [c0, c1] = selfFirst ? [owner, other] : [other, owner];
        rows.push({ junction, side, owner_table: mapping.collection, owner, owner_mongo: ownerMongo, c0, c1, element: BSON.EJSON.serialize(e as never, { relaxed: false }) });
      }
    }
  }
  return rows;
}

/** The stage's columns, for a temporary copy of the same shape. */
export const STAGE_COLUMNS = `junction text not null, side int not null, owner_table text not null, owner uuid not null, owner_mongo text not null,
      c0 uuid, c1 uuid, element jsonb not null`;
