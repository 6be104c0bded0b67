// Layer 2: sampled (default 100 per table) or all documents compared field by field with their
// rows. Streams both sides in batches, so --full costs one pass over each table.
import type { Db, Document } from "mongodb";
import { identityName, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { READ_OPTIONS, type TableRead } from "../mongo/read.js";
import type { Sql } from "../postgres/connect.js";
import { plainArray } from "../postgres/query.js";
import { UNMAPPED } from "../postgres/schemaModel.js";
import type { Transformed } from "../transform/document.js";
import { decode } from "../transform/ejson.js";
import { classify, isMigrateError } from "../errors.js";
import { messageOf } from "../report/errorLog.js";
import { compareDocument, type FieldMismatch } from "./compare.js";
import { checkRepairs, type ClaimedMissing } from "./repairs.js";
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

/** The column a row's nextcrm_migrate.unmapped data is read into: a dotted name, which no NextCRM column has. */
const UNMAPPED_DATA = "nextcrm_migrate.unmapped.data";

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
    yield await db
      .collection(collection)
      .find({ _id: { $in: ids.slice(i, i + size) } } as Document, READ_OPTIONS)
      .toArray();
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
    onBatch?: (docs: Document[], uuids: string[]) => Promise<void>;
    /** The stub rows the source needs (src/validate/expected.ts): no document's row. */
    stubs?: Promise<Map<string, Set<string>>>;
  },
): Promise<RecordResult> {
  const name = mapping.collection;
  const r: RecordResult = { table: name, sampleSize: 0, matched: 0, mismatched: 0, repaired: 0, missing: [], mismatches: [] };
  const source = opts.read?.batches ?? sampled(db, name, opts.sample, opts.batchSize);
  // A document the comparison cannot handle is a mismatch naming it and the error, never the end
  // of the validation.
  const broken = (doc: Document, uuid: string, what: string, e: unknown) => {
    r.mismatched++;
    r.mismatches.push({
      table: name,
      mongoId: nameOf(doc._id),
      uuid,
      field: "(document)",
      source: `(${what} failed: ${messageOf(e)})`,
      target: "(not compared)",
    });
  };
  for await (const batch of source) {
    // A document without a UUID (an `_id` that cannot be named) is compared no further.
    const docs: Document[] = [];
    const ids: string[] = [];
    for (const doc of batch) {
      try {
        ids.push(uuidFor(doc._id));
        docs.push(doc);
      } catch (e) {
        r.sampleSize++;
        broken(doc, "(none)", "naming its _id", e);
      }
    }
    // The junction entries are staged on their own connection while the rows are read.
    const [unstaged, rows] = await Promise.all([
      opts.onBatch ? stageSeparately(docs, ids, opts.onBatch) : new Map<Document, unknown>(),
      // Each row with its nextcrm_migrate.unmapped data, under a name no column of the map has.
      sql.unsafe<Record<string, unknown>[]>(
        `select t.*, u.data as ${ident(UNMAPPED_DATA)} from ${ident(name)} t left join ${UNMAPPED} u on u.table_name = $1 and u.id = t.id where t.id = any($2::uuid[])`,
        [name, plainArray(ids)],
      ),
    ]);
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    // Compared first; the references danglingToNull repairs say were missing are then asked of the target once per batch.
    const compared: { doc: Document; uuid: string; diff: FieldMismatch[]; repaired: boolean; claims: ClaimedMissing[] }[] = [];
    for (const [i, doc] of docs.entries()) {
      r.sampleSize++;
      const uuid = ids[i]!;
      if (unstaged.has(doc)) {
        broken(doc, uuid, "staging its junction arrays", unstaged.get(doc));
        continue;
      }
      const row = byId.get(uuid);
      if (!row) {
        r.missing.push(nameOf(doc._id));
        r.mismatched++;
        continue;
      }
      try {
        const data = row[UNMAPPED_DATA];
        // Read as the migrator writes it (src/postgres/upsert.ts, unmappedJson): keys are data.
        const u = data === null || data === undefined ? null : (decode(data, false) as Transformed["unmapped"]);
        const diff = compareDocument(mapping, doc, row, u, uuid);
        const repairs = checkRepairs(mapping, doc, row, u?.repaired);
        for (const x of repairs.issues)
          diff.push({ table: name, mongoId: nameOf(doc._id), uuid, field: x.field, source: `repair: ${x.expected}`, target: x.found });
        compared.push({ doc, uuid, diff, repaired: !!u?.repaired, claims: repairs.claimedMissing });
      } catch (e) {
        broken(doc, uuid, "comparing it", e);
      }
    }
    const refuted = await claimsRefuted(
      sql,
      compared.flatMap((c) => c.claims),
      opts.stubs,
    );
    for (const c of compared) {
      for (const claim of c.claims.filter((x) => refuted.has(x))) {
        c.diff.push({
          table: name,
          mongoId: nameOf(c.doc._id),
          uuid: c.uuid,
          field: claim.field,
          source: `repair: danglingToNull, but ${claim.table} ${claim.uuid} exists`,
          target: "NULL",
        });
      }
      if (c.diff.length) {
        r.mismatched++;
        r.mismatches.push(...c.diff);
      } else {
        r.matched++;
        if (c.repaired) r.repaired++;
      }
    }
  }
  // --full reads in the server's order: the report lists documents by id whatever that was.
  r.missing.sort();
  r.mismatches.sort((a, b) => (a.mongoId < b.mongoId ? -1 : a.mongoId > b.mongoId ? 1 : 0));
  return r;
}

/** The danglingToNull claims whose document is a row of the target after all (a stub is none). */
async function claimsRefuted(
  sql: Sql,
  claims: ClaimedMissing[],
  expectedStubs: Promise<Map<string, Set<string>>> | undefined,
): Promise<Set<ClaimedMissing>> {
  const out = new Set<ClaimedMissing>();
  const stubs = claims.length ? await expectedStubs : undefined;
  for (const table of new Set(claims.map((c) => c.table))) {
    const of = claims.filter((c) => c.table === table);
    const found = await sql.unsafe<{ id: string }[]>(`select id from ${ident(table)} where id = any($1::uuid[])`, [of.map((c) => c.uuid)]);
    const rows = new Set(found.map((f) => f.id).filter((id) => !stubs?.get(table)?.has(id)));
    for (const c of of) if (rows.has(c.uuid)) out.add(c);
  }
  return out;
}

/** A document's name for the report; an `_id` that cannot be named is still shown. */
function nameOf(id: unknown): string {
  try {
    return identityName(id);
  } catch (e) {
    return `(an _id that cannot be named: ${messageOf(e)})`;
  }
}

/**
 * An error one document's values caused (this program's or a library's, or a data error), not a
 * server's or a lost connection's, which stop the validation. The migrator's rule
 * (src/migrate/tables.ts, isDocumentFault), kept here: the validator shares no code with it.
 */
function isDocumentFault(e: unknown): boolean {
  if (isMigrateError(e)) return false;
  const kind = classify(e);
  if (kind !== "other") return kind === "data";
  if (e === null || typeof e !== "object") return true;
  const { name, code } = e as { name?: unknown; code?: unknown };
  return (code === undefined || code === null) && !(typeof name === "string" && /^(Mongo|Postgres)/.test(name));
}

/**
 * Hands `docs` to `onBatch` (--full stages their junction arrays); when it throws for a
 * document's sake (isDocumentFault), each document alone, so that only those at fault are
 * left out. Resolves to those, with their errors.
 */
async function stageSeparately(
  docs: Document[],
  uuids: string[],
  onBatch: (docs: Document[], uuids: string[]) => Promise<void>,
): Promise<Map<Document, unknown>> {
  const failed = new Map<Document, unknown>();
  try {
    await onBatch(docs, uuids);
    return failed;
  } catch (e) {
    if (!isDocumentFault(e)) throw e;
  }
  for (const [i, doc] of docs.entries()) {
    try {
      await onBatch([doc], [uuids[i]!]);
    } catch (e) {
      if (!isDocumentFault(e)) throw e;
      failed.set(doc, e);
    }
  }
  return failed;
}
