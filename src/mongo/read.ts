// Reads a collection in `_id` order from a resume point, as one cursor (linear on FerretDB,
// whose SQLite backend evaluates range filters in memory: one query per batch would be quadratic).
import type { Db, Document, Filter, FindCursor } from "mongodb";
import { ID_BATCH_SIZE } from "../defaults.js";
import { identityName, idsOfName, isObjectIdLike, uuidFor } from "../identity.js";
import { decode, encode } from "../transform/ejson.js";
import { rawDocument, READ_OPTIONS, type RawDocument } from "./raw.js";

export { READ_OPTIONS };

/**
 * MongoDB's cross-type sort order for `_id`, as $type aliases grouped by rank. MinKey, MaxKey,
 * Symbol and Decimal128 are left out: FerretDB rejects their aliases, and none is a usable `_id`.
 */
const TYPE_RANKS = [
  ["null"],
  ["int", "long", "double"],
  ["string"],
  ["object"],
  ["array"],
  ["binData"],
  ["objectId"],
  ["bool"],
  ["date"],
  ["timestamp"],
  ["regex"],
];

/** Where the types left out sort (a resume cursor may still be one): with their neighbours. */
const RANKED_AS: Record<string, string> = { decimal: "double", symbol: "string", minKey: "null", maxKey: "regex" };

function rankOf(value: unknown): number {
  const alias = bsonAlias(value);
  return TYPE_RANKS.findIndex((group) => group.includes(RANKED_AS[alias] ?? alias));
}

function bsonAlias(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "bigint") return "double";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "bool";
  if (value instanceof Date) return "date";
  if (value instanceof RegExp) return "regex";
  const t = (value as { _bsontype?: string })._bsontype;
  const byBson: Record<string, string> = {
    ObjectId: "objectId",
    Long: "long",
    Int32: "int",
    Double: "double",
    Decimal128: "decimal",
    Binary: "binData",
    Timestamp: "timestamp",
    MinKey: "minKey",
    MaxKey: "maxKey",
    BSONRegExp: "regex",
    BSONSymbol: "symbol",
  };
  return (t && byBson[t]) || "object";
}

/**
 * Everything after `cursor` in `_id` order. `$gt` compares within one BSON type only, so the
 * ids of every type that sorts later are asked for explicitly: resuming past an ObjectId must
 * not skip a document whose `_id` is a Date.
 */
export function afterFilter(cursor: unknown): Filter<Document> {
  if (cursor === undefined) return {};
  const later = TYPE_RANKS.slice(rankOf(cursor) + 1).flat();
  const gt = { _id: { $gt: cursor } } as Filter<Document>;
  return (later.length ? { $or: [gt, { _id: { $type: later } }] } : gt) as Filter<Document>;
}

/** The checkpoint keeps cursors as canonical Extended JSON, which keeps their BSON type. */
export const encodeId = (id: unknown): string => JSON.stringify({ v: encode(id, false) });
/** The id `encodeId` wrote; anything else (a checkpoint edited by hand) throws. */
export function decodeId(text: string): unknown {
  const id = decode((JSON.parse(text) as { v: unknown }).v, false);
  if (encodeId(id) !== text) throw new Error(`${text} is not an _id as this tool writes it`);
  return id;
}

/**
 * A document count for progress and ETA, from collection metadata. On FerretDB's SQLite backend
 * countDocuments and even estimatedDocumentCount scan the collection (most of the cost of
 * reading it), while collStats answers from SQLite's own statistics. The validator counts exactly.
 */
export async function approximateCount(db: Db, collection: string): Promise<number> {
  try {
    const stats = await db.command({ collStats: collection });
    if (typeof stats.count === "number") return stats.count;
  } catch {
    // collStats is deprecated on newer MongoDB servers; fall through
  }
  return db.collection(collection).estimatedDocumentCount();
}

function readAfter(db: Db, collection: string, cursor: unknown, batchSize: number, raw = false) {
  return db.collection(collection).find(afterFilter(cursor), { ...READ_OPTIONS, sort: { _id: 1 }, batchSize, raw });
}

/** A table's batches from a resume point (`after`, Extended JSON, or null); close() releases the cursor. */
export interface TableRead<T = Document> {
  batches: AsyncGenerator<T[]>;
  close(): Promise<void>;
}

/**
 * Opens a table's read, by default one batch ahead, starting at once. FerretDB sorts a whole
 * collection before it answers the first batch; MongoDB walks
 * the `_id` index and answers at once.
 */
export function openRead(db: Db, collection: string, after: string | null, batchSize: number, ahead = true): TableRead {
  return tableRead(readAfter(db, collection, after === null ? undefined : decodeId(after), batchSize), batchSize, ahead);
}

/**
 * Every document of a collection once, in whatever order the server keeps them, one batch ahead:
 * for a reader that needs no resume point (the validator). Asked for no order, FerretDB streams the
 * table instead of sorting it, and MongoDB scans the collection instead of walking the `_id` index.
 */
export function openScan(db: Db, collection: string, batchSize: number): TableRead {
  return tableRead(db.collection(collection).find({}, { ...READ_OPTIONS, batchSize }), batchSize, true);
}

/** openRead, its documents left as their bytes (src/mongo/raw.ts). */
export function openRawRead(db: Db, collection: string, after: string | null, batchSize: number): TableRead<RawDocument> {
  const read = tableRead(readAfter(db, collection, after === null ? undefined : decodeId(after), batchSize, true), batchSize, true);
  return {
    batches: (async function* () {
      for await (const b of read.batches) yield (b as unknown as Uint8Array[]).map(rawDocument);
    })(),
    close: read.close,
  };
}

/** A cursor's batches (batchesOf), and its release. */
function tableRead(cursor: FindCursor<Document>, batchSize: number, ahead: boolean): TableRead {
  return { batches: batchesOf(cursor, batchSize, ahead), close: () => cursor.close().catch(() => {}) };
}

/** The documents with these `_id`s, as their bytes. */
export async function findRaw(db: Db, collection: string, ids: unknown[]): Promise<RawDocument[]> {
  const found = await db
    .collection(collection)
    .find({ _id: { $in: ids } } as Document, { raw: true })
    .toArray();
  return (found as unknown as Uint8Array[]).map(rawDocument);
}

/**
 * A cursor's documents in arrays of `size`. Ahead, the next reply is asked for as soon as a batch
 * is handed out, so the source works on batch n+1 while the caller writes batch n. The reply
 * waits as the driver keeps it, raw BSON, and becomes objects only when its batch is taken:
 * batches held ahead as objects would raise the peak memory of a large run.
 */
export function batchesOf(cursor: FindCursor<Document>, size: number, ahead: boolean): AsyncGenerator<Document[]> {
  const fetch = () => {
    const more = cursor.hasNext();
    // A failed read surfaces when awaited; keep it from being an unhandled rejection meanwhile.
    more.catch(() => {});
    return more;
  };
  let fetched = ahead ? fetch() : undefined;
  return (async function* () {
    for (;;) {
      const batch: Document[] = [];
      while (batch.length < size) {
        if (cursor.bufferedCount() === 0) {
          const more = await (fetched ?? cursor.hasNext());
          fetched = undefined;
          if (!more) break;
        }
        batch.push(...cursor.readBufferedDocuments(size - batch.length));
      }
      if (!batch.length) return;
      if (ahead && cursor.bufferedCount() === 0) fetched = fetch();
      yield batch;
    }
  })();
}

/**
 * String `_id`s that spell the hex of another `_id` in the same collection: an ObjectId's, or the
 * same hex in another case. Both would get one UUID (a hex string must resolve like its ObjectId,
 * or references stored as strings would break), so one row would silently stand for two
 * documents. MongoDB can hold an ObjectId and its string; FerretDB refuses the second as a
 * duplicate key. Mixed-case spellings other than all upper or all lower are not looked for.
 */
export async function objectIdTwins(db: Db, collection: string, docs: Document[]): Promise<Set<unknown>> {
  const hex = docs.map((d) => d._id).filter((id): id is string => typeof id === "string" && isObjectIdLike(id));
  if (!hex.length) return new Set();
  const spellings = hex.flatMap((h) => idsOfName(identityName(h)));
  const found = await db
    .collection(collection)
    .find({ _id: { $in: spellings } } as Document, { projection: { _id: 1 } })
    .toArray();
  const names = found.map((d) => [d._id as unknown, identityName(d._id)] as const);
  return new Set(hex.filter((h) => names.some(([id, name]) => id !== h && name === h.toLowerCase())));
}

/** A collection in the source that NextCRM's schema does not have, with its document count. */
export interface UnknownCollection {
  name: string;
  documents: number;
}

/** Every collection but MongoDB's own and the map's: their documents have no table to go to. */
export async function unknownCollections(
  db: Db,
  known: readonly string[],
  count: (db: Db, name: string) => Promise<number>,
): Promise<UnknownCollection[]> {
  const out: UnknownCollection[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (name.startsWith("system.") || known.includes(name)) continue;
    out.push({ name, documents: await count(db, name) });
  }
  return out;
}

/** The UUIDs of a collection's documents, `size` at a time, `_id` alone read. */
export async function* uuidBatches(db: Db, collection: string, size = ID_BATCH_SIZE): AsyncGenerator<string[]> {
  let batch: string[] = [];
  for await (const doc of db.collection(collection).find({}, { projection: { _id: 1 }, batchSize: size })) {
    batch.push(uuidFor(doc._id));
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
