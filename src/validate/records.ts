// Layer 2: sampled (default 100 per table) or all documents compared field by field with their
// rows. Streams both sides in batches, so --full costs one pass over each table.
import { BSON, type Db, type Document } from "mongodb";
import { identityName, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { READ_OPTIONS, type TableRead } from "../mongo/read.js";
import type { Sql } from "../postgres/connect.js";
import { UNMAPPED } from "../postgres/schemaModel.js";
import type { Transformed } from "../transform/document.js";
import { compareDocument, type FieldMismatch } from "./compare.js";
import { ident } from "../schema/sqlText.js";

export interface RecordResult {
  table: string;
  sampleSize: number;
  matched: number;
  mismatched: number;
  /** Documents whose differences are repairs recorded in nextcrm_migrate.unmapped. */
  repaired: number;
  /** Source documents with no row. */
  missing: string[];
  mismatches: FieldMismatch[];
}

/** Reservoir sample of `n` ids in one pass over the ids (FerretDB has no $sample). */
async function sampleIds(db: Db, collection: string, n: number): Promise<unknown[]> {
  const picked: unknown[] = [];
  let seen = 0;
  for await (const { _id } of db.collection(collection).find({}, { projection: { _id: 1 }, batchSize: 5000 })) {
    seen++;
    if (picked.length < n) picked.push(_id);
    else {
      const j = Math.floor(Math.random() * seen);
      if (j < n) picked[j] = _id;
    }
  }
  return picked;
}

async function* sampled(db: Db, collection: string, n: number, size: number): AsyncGenerator<Document[]> {
  const ids = await sampleIds(db, collection, n);
  for (let i = 0; i < ids.length; i += size) {
    yield await db.collection(collection).find({ _id: { $in: ids.slice(i, i + size) } } as Document, READ_OPTIONS).toArray();
  }
}

export async function validateRecords(
  sql: Sql,
  db: Db,
  mapping: CollectionMapping,
  opts: {
    sample: number;
    batchSize: number;
    /** Every document of the table (--full), from this read; otherwise a sample of `sample`. */
    read?: TableRead;
    onBatch?: (docs: Document[]) => Promise<void>;
  },
): Promise<RecordResult> {
  const name = mapping.collection;
  const r: RecordResult = { table: name, sampleSize: 0, matched: 0, mismatched: 0, repaired: 0, missing: [], mismatches: [] };
  const source = opts.read?.batches ?? sampled(db, name, opts.sample, opts.batchSize);
  for await (const docs of source) {
    await opts.onBatch?.(docs);
    const ids = docs.map((d) => uuidFor(d._id));
    const [rows, extra] = await Promise.all([
      sql.unsafe<Record<string, unknown>[]>(`select * from ${ident(name)} where id = any($1::uuid[])`, [ids]),
      sql.unsafe<{ id: string; data: unknown }[]>(`select id, data from ${UNMAPPED} where table_name = $1 and id = any($2::uuid[])`, [name, ids]),
    ]);
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    const unmapped = new Map(extra.map((u) => [u.id, BSON.EJSON.deserialize(u.data as Document, { relaxed: false }) as Transformed["unmapped"]]));
    for (const [i, doc] of docs.entries()) {
      r.sampleSize++;
      const row = byId.get(ids[i]!);
      if (!row) {
        r.missing.push(identityName(doc._id));
        r.mismatched++;
        continue;
      }
      const u = unmapped.get(ids[i]!) ?? null;
      const diff = compareDocument(mapping, doc, row, u);
      if (diff.length) {
        r.mismatched++;
        r.mismatches.push(...diff);
      } else {
        r.matched++;
        if (u?.repaired) r.repaired++;
      }
    }
  }
  return r;
}
