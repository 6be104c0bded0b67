// The junction stage: each committed document's ObjectId arrays, written in the batch's own
// transaction, so a junction sync needs no second read of MongoDB. It lives beside
// nextcrm_migrate.unmapped, unlogged, and stays between runs: a rerun stages only the documents it
// writes again (docs/ARCHITECTURE.md, "Junctions"). Its shape is declared in src/schema/unmapped.ts;
// what a run does with it, table by table, is src/migrate/stageLifecycle.ts.
import { STAGE_LOCK } from "./locks.js";
import { ObjectId, type Document } from "mongodb";
import { encode } from "../transform/ejson.js";
import { identityName, isObjectIdLike, uuidFor } from "../identity.js";
import { junctionPlaces } from "../map/relations.js";
import type { CollectionMapping } from "../map/types.js";
import { getTableConfig } from "drizzle-orm/pg-core";
import { junction_stage, junction_synced } from "../schema/unmapped.js";
import type { Queryable, Sql } from "./connect.js";
import { copyInto, copyRows, type CopyColumn } from "./copyText.js";
import { oneRow } from "./query.js";
import { qualifiedName } from "./schemaModel.js";
import { ensureWorkingTables } from "./workingTables.js";
import { queryOf } from "./schemaApply.js";
import { holdsNul } from "../transform/convert.js";
import { laterEntry, planted, victim } from "../migrate/planted.js";

export const STAGE = qualifiedName(junction_stage);

/** Per junction, what its last sync read and left (see junction_synced in src/schema/unmapped.ts). */
export const SYNCED = qualifiedName(junction_synced);

/**
 * The working tables, created if missing or of another shape (src/postgres/workingTables.ts);
 * true when the stage starts empty (created, recreated, or emptied by a crash): the documents it
 * lost must then be staged again, so the caller forgets their hashes. The stage has no index:
 * every batch appends to it, and each junction sync reads its rows once; indexes cost more to keep
 * than those scans. Nor autovacuum: nothing queries it but the syncs, which copy and analyse their
 * rows first, and settleStage.
 */
export async function ensureStage(sql: Sql): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${STAGE_LOCK})`;
    const made = await ensureWorkingTables(queryOf(tx));
    const intact = await stageIntact(tx);
    // Without its sentinel the stage may still hold rows: those a run staged after a crash emptied it.
    if (!intact) await truncateStage(tx);
    return made.has(getTableConfig(junction_stage).name) || !intact;
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
const SENTINEL: StageRow = {
  junction: "",
  side: 0,
  owner_table: "",
  owner: "00000000-0000-0000-0000-000000000000",
  owner_mongo: "",
  c0: null,
  c1: null,
  element: null,
  oid: null,
  pos: 0,
  written: "0",
};

/** Empty but for the sentinel, which a truncated stage gets back as its first row (see stageIntact). */
async function truncateStage(tx: Queryable): Promise<void> {
  await tx.unsafe(`truncate ${STAGE}, ${SYNCED}`);
  await insertStageRows(tx, [SENTINEL]);
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
  return rows.length ? insertStageRows(tx, rows) : Promise.resolve();
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

/** The stage's columns, in the order COPY sends them. */
const STAGE_COPY_COLUMNS: CopyColumn[] = getTableConfig(junction_stage).columns.map((c) => ({ name: c.name, type: c.getSQLType() }));

/** Appends rows to the stage, as a COPY: nothing else may be sent on `tx` until it settles (see copyInto). */
function insertStageRows(tx: Queryable, rows: StageRow[]): Promise<void> {
  return copyInto(tx, STAGE, STAGE_COPY_COLUMNS, copyRows(STAGE_COPY_COLUMNS, rows as unknown as Record<string, unknown>[]));
}

/** A row of the stage, as src/schema/unmapped.ts declares it; `written` as its digits, which may pass 2^53. */
export type StageRow = Omit<typeof junction_stage.$inferSelect, "written"> & { written: string };

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
      rows.push({ ...SENTINEL, owner_table: mapping.collection, owner, owner_mongo: ownerMongo, pos: -1, written });
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
