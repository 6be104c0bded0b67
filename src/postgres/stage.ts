// The junction stage: each batch's ObjectId arrays, written in the batch's own transaction, so a
// junction sync needs no second read of MongoDB (on FerretDB, re-reading the arrays of every
// side cost more than the whole entity pass). It lives beside nextcrm_migrate.unmapped, unlogged:
// machinery of the run, not part of the target schema, dropped after a run with no failures.
import { BSON, ObjectId, type Document } from "mongodb";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import { junctions } from "../map/collections.js";
import type { CollectionMapping } from "../map/types.js";
import { ident } from "../schema/sqlText.js";
import { nextcrm_migrate } from "../schema/unmapped.js";
import type { Queryable, Sql } from "./connect.js";
import { copyInto, copyRows, type CopyColumn } from "./copyText.js";
import { oneRow } from "./query.js";

const SCHEMA = nextcrm_migrate.schemaName;
export const STAGE = `${ident(SCHEMA)}.${ident("junction_stage")}`;

/**
 * Creates the stage if missing; true when the stage starts empty (created, recreated, or emptied
 * by a crash): a resumed run must then re-read its tables, and a fresh run needs no clearing. It
 * has no index: every batch appends to it, and each junction sync reads its rows once. Indexes
 * cost more to keep than those scans (measured: 2.0 vs 0.85 s of PostgreSQL CPU per 170,000
 * entries). Nor autovacuum: nothing queries it but the syncs, which copy and analyse their rows
 * first.
 */
export async function ensureStage(sql: Sql): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${0x6e6378_03})`;
    const { found } = await oneRow<{ found: boolean }>(tx, `select to_regclass($1::text) is not null as found`, [STAGE]);
    await tx.unsafe(`create schema if not exists ${ident(SCHEMA)}`);
    await tx.unsafe(`create unlogged table if not exists ${STAGE} (${STAGE_COLUMNS}) with (autovacuum_enabled = false)`);
    // Stages of earlier versions had another shape: recreate (the caller then re-reads the tables).
    const { current } = await oneRow<{ current: boolean }>(
      tx,
      `select exists (select 1 from information_schema.columns where table_schema = $1 and table_name = 'junction_stage' and column_name = 'pos') as current`,
      [SCHEMA],
    );
    if (!current) {
      await tx.unsafe(`drop table ${STAGE}`);
      await tx.unsafe(`create unlogged table ${STAGE} (${STAGE_COLUMNS}) with (autovacuum_enabled = false)`);
    }
    const intact = await stageIntact(tx);
    // Without its sentinel the stage may still hold rows: those a run staged after a crash emptied it.
    if (!intact) await truncateStage(tx);
    return !(found && current && intact);
  })) as boolean;
}

/**
 * Whether the stage still holds what was staged into it: crash recovery (or a failover) empties an
 * unlogged table but keeps it, and only a missing sentinel tells. The sentinel is the first row
 * of a new or truncated stage and is never updated, so it is looked up by its place: a scan of a
 * large stage could start mid-table (synchronized scans) and read most of it. A sentinel moved
 * by a rewrite (VACUUM FULL) counts as lost, and the tables are read again.
 */
export async function stageIntact(tx: Queryable): Promise<boolean> {
  return (await oneRow<{ intact: boolean }>(tx, `select exists (select 1 from ${STAGE} where ctid = '(0,1)' and junction = '') as intact`)).intact;
}

/**
 * The row a stage holds from its creation on: no junction is named "", no table is either, so no
 * sync, clear or trim ever reads or deletes it.
 */
const INSERT_SENTINEL = `insert into ${STAGE} (junction, side, owner_table, owner, owner_mongo, pos, seq)
  values ('', 0, '', '00000000-0000-0000-0000-000000000000', '', 0, 0)`;

/** Empty but for the sentinel, which a truncated stage gets back as its first row (see stageIntact). */
async function truncateStage(tx: Queryable): Promise<void> {
  await tx.unsafe(`truncate ${STAGE}`);
  await tx.unsafe(INSERT_SENTINEL);
}

export async function emptyStage(sql: Sql): Promise<void> {
  await sql.begin((tx) => truncateStage(tx));
}

/** A table read from its first document: its previous pass's arrays no longer count. */
export async function clearStage(sql: Sql, collection: string): Promise<void> {
  await sql.unsafe(`delete from ${STAGE} where owner_table = $1`, [collection]);
}

/**
 * A table resumed after `read` documents: the arrays of batches committed after the checkpoint
 * was last saved are read again, so their staged copies go (their `seq` is at least `read`).
 */
export async function trimStage(sql: Sql, collection: string, read: number): Promise<void> {
  await sql.unsafe(`delete from ${STAGE} where owner_table = $1 and seq >= $2`, [collection, read]);
}

export async function dropStage(sql: Sql): Promise<void> {
  await sql.unsafe(`drop table if exists ${STAGE}`);
}

/**
 * Stages the arrays of these documents (call inside the batch's transaction). `seq`: how many
 * documents of the table were read before this batch (see trimStage). `replace`: the documents
 * may be staged already (a retried transaction whose commit may have landed, a retry of failed
 * ids), so their rows are deleted first; a scan, so only on those rare paths.
 */
export function stageBatch(tx: Queryable, mapping: CollectionMapping, docs: Document[], seq: number, replace: boolean): Promise<unknown> {
  if (!mapping.junctions.length || !docs.length) return Promise.resolve();
  const rows = junctionRows(mapping, docs, seq);
  const deleted = replace ? tx.unsafe(`delete from ${STAGE} where owner_table = $1 and owner = any($2::uuid[])`, [mapping.collection, docs.map((d) => uuidFor(d._id))]).execute() : null;
  return Promise.all([deleted, rows.length ? insertStageRows(tx, STAGE, rows) : null]);
}

const STAGE_COPY_COLUMNS: CopyColumn[] = [
  ["junction", "text"], ["side", "integer"], ["owner_table", "text"], ["owner", "uuid"], ["owner_mongo", "text"],
  ["c0", "uuid"], ["c1", "uuid"], ["element", "jsonb"], ["oid", "text"], ["pos", "integer"], ["seq", "integer"],
].map(([name, type]) => ({ name: name!, type: type! }));

/**
 * Appends rows to a stage table of this shape (the migrator's, or the validator's temp one), as
 * a COPY: nothing else may be sent on `tx` until it settles (see copyInto).
 */
export function insertStageRows(tx: Queryable, table: string, rows: StageRow[]): Promise<void> {
  return copyInto(tx, table, STAGE_COPY_COLUMNS, copyRows(STAGE_COPY_COLUMNS, rows as unknown as Record<string, unknown>[]));
}

/** A junction field of a collection: its junction, which side it is, its column order. */
export interface JunctionPlace {
  field: string;
  junction: string;
  side: number;
  selfFirst: boolean;
}

const placesOf = new WeakMap<CollectionMapping, JunctionPlace[]>();
export function junctionPlaces(mapping: CollectionMapping): JunctionPlace[] {
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

export interface StageRow {
  junction: string;
  side: number;
  owner_table: string;
  owner: string;
  owner_mongo: string;
  c0: string | null;
  c1: string | null;
  /** The entry as canonical Extended JSON; null when it is an ObjectId (then `oid`) or null. */
  element: unknown;
  /** An ObjectId entry's hex: 24 characters instead of a jsonb value to parse. */
  oid: string | null;
  /** The entry's place in its array: the dangling entries kept are in the array's order. */
  pos: number;
  seq: number;
}

/** One stage row per array entry of the documents' junction fields. */
export function junctionRows(mapping: CollectionMapping, docs: Document[], seq = 0): StageRow[] {
  const rows: StageRow[] = [];
  for (const doc of docs) {
    const owner = uuidFor(doc._id);
    const ownerMongo = identityName(doc._id);
    for (const { field, junction, side, selfFirst } of junctionPlaces(mapping)) {
      const arr = doc[field];
      if (!Array.isArray(arr)) continue;
      for (const [pos, e] of arr.entries()) {
        const other = isObjectIdLike(e) ? uuidFor(e) : null;
        const [c0, c1] = selfFirst ? [owner, other] : [other, owner];
        const oid = e instanceof ObjectId ? e.toHexString() : null;
        const element = oid !== null || e === null ? null : BSON.EJSON.serialize(e as never, { relaxed: false });
        rows.push({ junction, side, owner_table: mapping.collection, owner, owner_mongo: ownerMongo, c0, c1, element, oid, pos, seq });
      }
    }
  }
  return rows;
}

/** An entry as the stage holds it, back as canonical Extended JSON (jsonb). */
export const STAGED_ELEMENT = `case when s.oid is not null then jsonb_build_object('$oid', s.oid) else coalesce(s.element, 'null'::jsonb) end`;

/** The stage's columns, for a temporary copy of the same shape. */
export const STAGE_COLUMNS = `junction text not null, side int not null, owner_table text not null, owner uuid not null, owner_mongo text not null,
      c0 uuid, c1 uuid, element jsonb, oid text, pos int not null, seq int not null`;
