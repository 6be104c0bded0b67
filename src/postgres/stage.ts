// The junction stage: each committed document's ObjectId arrays, written in the batch's own
// transaction, so a junction sync needs no second read of MongoDB (on FerretDB, re-reading the
// arrays of every side cost more than the whole entity pass). It lives beside
// nextcrm_migrate.unmapped, unlogged, and stays between runs: a rerun stages only the documents it
// writes again (docs/ARCHITECTURE.md, "Junctions").
import { ObjectId, type Document } from "mongodb";
import { encode } from "../transform/ejson.js";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import { junctions } from "../map/collections.js";
import type { CollectionMapping } from "../map/types.js";
import { ident } from "../schema/sqlText.js";
import { nextcrm_migrate } from "../schema/unmapped.js";
import type { Queryable, Sql } from "./connect.js";
import { copyInto, copyRows, type CopyColumn } from "./copyText.js";
import { oneRow } from "./query.js";
import { holdsNul } from "../transform/convert.js";
import { laterEntry, planted, victim } from "../migrate/planted.js";

const SCHEMA = nextcrm_migrate.schemaName;
export const STAGE = `${ident(SCHEMA)}.${ident("junction_stage")}`;

/**
 * Per junction, what its last sync read and left (src/postgres/junctionSync.ts): a rerun whose
 * stage, junction table and dangling entries are those, and whose missing ends are missing still,
 * skips the sync. Unlogged and emptied with the stage: without a record every junction syncs.
 */
export const SYNCED = `${ident(SCHEMA)}.${ident("junction_synced")}`;
const SYNCED_COLUMNS = `junction text primary key, staged bigint not null, last_written bigint, pairs bigint not null, pairs_digest numeric not null,
      dangling int not null, unmapped bigint not null, unmapped_digest numeric not null, missing0 uuid[] not null, missing1 uuid[] not null`;

/**
 * Creates the stage if missing; true when the stage starts empty (created, recreated, or emptied
 * by a crash): the documents it lost must then be staged again, so the caller forgets their
 * hashes. It has no index: every batch appends to it, and each junction sync reads its rows once.
 * Indexes cost more to keep than those scans (measured: 2.0 vs 0.85 s of PostgreSQL CPU per
 * 170,000 entries). Nor autovacuum: nothing queries it but the syncs, which copy and analyse
 * their rows first, and settleStage.
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
      `select exists (select 1 from information_schema.columns where table_schema = $1 and table_name = 'junction_stage' and column_name = 'written') as current`,
      [SCHEMA],
    );
    if (!current) {
      await tx.unsafe(`drop table ${STAGE}`);
      await tx.unsafe(`create unlogged table ${STAGE} (${STAGE_COLUMNS}) with (autovacuum_enabled = false)`);
    }
    await tx.unsafe(`create unlogged table if not exists ${SYNCED} (${SYNCED_COLUMNS})`);
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
  return (await oneRow<{ intact: boolean }>(tx, `select exists (select 1 from ${STAGE} where ctid = '(0,1)' and junction = '') as intact`))
    .intact;
}

/**
 * The row a stage holds from its creation on: no junction is named "", no table is either, so no
 * sync, clear or settle ever reads or deletes it.
 */
const INSERT_SENTINEL = `insert into ${STAGE} (junction, side, owner_table, owner, owner_mongo, pos, written)
  values ('', 0, '', '00000000-0000-0000-0000-000000000000', '', 0, 0)`;

/** Empty but for the sentinel, which a truncated stage gets back as its first row (see stageIntact). */
async function truncateStage(tx: Queryable): Promise<void> {
  await tx.unsafe(`truncate ${STAGE}, ${SYNCED}`);
  await tx.unsafe(INSERT_SENTINEL);
}

/** A table whose every document is staged anew (it has no hashes): what it staged before goes. Resolves to the rows deleted. */
export async function clearStage(sql: Sql, collection: string): Promise<number> {
  return (await sql.unsafe(`delete from ${STAGE} where owner_table = $1`, [collection])).count;
}

/**
 * The transaction's id, which orders the versions of a document's arrays: a later commit of the
 * document has a larger one (txid_current counts on, with its epoch, for the cluster's life).
 * Sent first in the batch's transaction, so it waits for no other statement.
 */
export function stagingTransaction(tx: Queryable): Promise<string> {
  return oneRow<{ x: string }>(tx, `select txid_current()::text as x`).then((r) => r.x);
}

/**
 * Stages the arrays of these documents, committed in transaction `written` (call inside it).
 * `superseding`: the stage may hold an older version of them (a rerun, a resume, a retried
 * commit): a document without any entry now gets a row of its own (`pos` -1, in no junction)
 * that says so, and settleStage removes the older versions once the table is done.
 */
export function stageBatch(
  tx: Queryable,
  mapping: CollectionMapping,
  docs: Document[],
  written: string,
  superseding: boolean,
): Promise<unknown> {
  const rows = junctionRows(mapping, docs, written, superseding);
  return rows.length ? insertStageRows(tx, STAGE, rows) : Promise.resolve();
}

/**
 * Leaves the table's newest version of each document's arrays (the largest `written`), and none
 * of the rows that mark a version without entries: a junction sync then reads each document's
 * arrays as its last commit left them. Two scans of the stage; only for a table that may have
 * superseded what it had staged (see stageBatch).
 */
export async function settleStage(sql: Sql, collection: string): Promise<number> {
  const deleted = await sql.unsafe(
    `delete from ${STAGE} s
     using (select owner, max(written) as newest from ${STAGE} where owner_table = $1 group by owner
            having min(written) < max(written) or min(pos) < 0) n
     where s.owner_table = $1 and s.owner = n.owner and (s.written < n.newest or s.pos < 0)`,
    [collection],
  );
  return deleted.count;
}

/**
 * After a run deleted rows from the stage: the space they held is made reusable. Autovacuum is
 * off for the stage (a first pass would vacuum it again and again as it grows), so without this
 * every rerun would leave the stage larger, and every sync slower.
 */
export async function vacuumStage(sql: Sql): Promise<void> {
  await sql.unsafe(`vacuum ${STAGE}`);
}

const STAGE_COPY_COLUMNS: CopyColumn[] = [
  ["junction", "text"],
  ["side", "integer"],
  ["owner_table", "text"],
  ["owner", "uuid"],
  ["owner_mongo", "text"],
  ["c0", "uuid"],
  ["c1", "uuid"],
  ["element", "jsonb"],
  ["oid", "text"],
  ["pos", "integer"],
  ["written", "bigint"],
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
  /** The entry's place in its array: the dangling entries kept are in the array's order. -1: the document has no entry (see stageBatch). */
  pos: number;
  /** The transaction that staged it (see stagingTransaction). */
  written: string;
}

/**
 * One stage row per array entry of the documents' junction fields; with `marked`, one that says so
 * for a document without any.
 */
export function junctionRows(mapping: CollectionMapping, docs: Document[], written = "0", marked = false): StageRow[] {
  const rows: StageRow[] = [];
  for (const doc of docs) {
    const owner = uuidFor(doc._id);
    const ownerMongo = identityName(doc._id);
    const before = rows.length;
    for (const { field, junction, side, selfFirst } of junctionPlaces(mapping)) {
      const arr = doc[field];
      if (!Array.isArray(arr)) continue;
      for (let [pos, e] of arr.entries()) {
        // Planted mistake (test only, src/migrate/planted.ts): one document's first entry is lost.
        if (planted("junctionEntryDropped") && pos === 0 && victim("junctionEntryDropped", junction)) continue;
        // Planted mistake (test only): one document's first entry names another document of the same table.
        if (planted("junctionEntryRetargeted") && pos === 0 && victim("junctionEntryRetargeted", junction))
          e = laterEntry(docs, doc, field) ?? e;
        const other = isObjectIdLike(e) ? uuidFor(e) : null;
        const [c0, c1] = selfFirst ? [owner, other] : [other, owner];
        const oid = e instanceof ObjectId ? e.toHexString() : null;
        const element = oid !== null || e === null ? null : stageableElement(e);
        rows.push({ junction, side, owner_table: mapping.collection, owner, owner_mongo: ownerMongo, c0, c1, element, oid, pos, written });
      }
    }
    if (marked && rows.length === before) {
      rows.push({
        junction: "",
        side: 0,
        owner_table: mapping.collection,
        owner,
        owner_mongo: ownerMongo,
        c0: null,
        c1: null,
        element: null,
        oid: null,
        pos: -1,
        written,
      });
    }
  }
  return rows;
}

/**
 * An entry as canonical Extended JSON. jsonb holds no NUL character: the transform fails a document
 * with such an entry, but the validator stages every source document's arrays, so such an entry
 * is staged as a value no array holds, and reported as a difference instead of stopping the check.
 */
function stageableElement(e: unknown): unknown {
  const json = encode(e, false);
  // The text escapes the NUL, so the wrapper's string holds none.
  const text = JSON.stringify(json);
  return holdsNul(text) ? { $unstorable: text } : json;
}

/** An entry as the stage holds it, back as canonical Extended JSON (jsonb). */
export const STAGED_ELEMENT = `case when s.oid is not null then jsonb_build_object('$oid', s.oid) else coalesce(s.element, 'null'::jsonb) end`;

/** The stage's columns, for a temporary copy of the same shape. */
export const STAGE_COLUMNS = `junction text not null, side int not null, owner_table text not null, owner uuid not null, owner_mongo text not null,
      c0 uuid, c1 uuid, element jsonb, oid text, pos int not null, written bigint not null`;
