// What the validator expects, derived here from the source documents and the collection map alone,
// never from what the migrator staged or marked (docs/ARCHITECTURE.md, "The validator"): each
// junction array entry as the pair it makes or the dangling entry it leaves, the stub rows the
// map's stub repairs need, and which rows of the target no source document accounts for.
import { ObjectId, type Db, type Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import { collectionNamed, collections } from "../map/collections.js";
import { junctionPlace, type JunctionPlace } from "../map/relations.js";
import type { CollectionMapping, JunctionMapping } from "../map/types.js";
import { READ_OPTIONS, uuidBatches } from "../mongo/read.js";
import type { Queryable } from "../postgres/connect.js";
import { plainArray } from "../postgres/query.js";
import { ident } from "../schema/sqlText.js";
import { holdsNul } from "../transform/convert.js";
import { encode } from "../transform/ejson.js";

/**
 * The entries of junction arrays, one array a column (as they are staged): entry i is of the array
 * `places[place[i]]` of the document `owner[i]`, and names `far[i]` (null for an entry that is no
 * ObjectId). The pair it makes puts the two ends in the junction's column order.
 */
export interface SourceEntries {
  places: readonly JunctionPlace[];
  place: number[];
  owner: string[];
  far: (string | null)[];
  /** An ObjectId entry's hex (most entries: no JSON to write); otherwise null. */
  oid: (string | null)[];
  /** Any other entry as nextcrm_migrate.unmapped keeps a dangling one: canonical Extended JSON text. */
  entry: (string | null)[];
}

/** The validator's table of source entries, on its own connection. */
export const ENTRIES = "_validate_entries";
export const ENTRY_COLUMNS = `junction text not null, field text not null, owner uuid not null, c0 uuid, c1 uuid, oid text, entry jsonb`;

/** SQL of an entry of ENTRIES `e` as canonical Extended JSON, as nextcrm_migrate.unmapped keeps a dangling one. */
export const ENTRY_JSON = `case when e.oid is not null then jsonb_build_object('$oid', e.oid) else coalesce(e.entry, 'null'::jsonb) end`;

/**
 * Every entry of the documents' junction arrays; `owners[i]` is the UUID of `docs[i]`, null for a
 * document whose id has none (the comparison's to report).
 */
export function entriesOf(c: CollectionMapping, docs: Document[], owners: (string | null)[] = docs.map(ownerOf)): SourceEntries {
  const places = c.junctions.map((f) => junctionPlace(c.collection, f.field));
  const out: SourceEntries = { places, place: [], owner: [], far: [], oid: [], entry: [] };
  for (const [i, doc] of docs.entries()) {
    const owner = owners[i];
    if (!owner) continue;
    for (const [p, f] of c.junctions.entries()) {
      const arr = doc[f.field];
      if (!Array.isArray(arr)) continue;
      for (const e of arr) {
        const oid = e instanceof ObjectId ? e.toHexString() : null;
        out.place.push(p);
        out.owner.push(owner);
        out.far.push(isObjectIdLike(e) ? uuidFor(e) : null);
        out.oid.push(oid);
        out.entry.push(oid === null ? entryText(e) : null);
      }
    }
  }
  return out;
}

function ownerOf(doc: Document): string | null {
  try {
    return uuidFor(doc._id);
  } catch {
    return null;
  }
}

/** Both sides' arrays of `j`, read straight from MongoDB (the fields only), about `size` documents at a time. */
export async function* entriesOfJunction(db: Db, j: JunctionMapping, size: number): AsyncGenerator<SourceEntries> {
  for (const side of j.sides) {
    const c = collectionNamed(side.collection)!;
    const only = { ...c, junctions: c.junctions.filter((f) => f.junctionName === j.name && f.field === side.field.field) };
    const cursor = db
      .collection(side.collection)
      .find({ [side.field.field]: { $exists: true } }, { ...READ_OPTIONS, projection: { _id: 1, [side.field.field]: 1 }, batchSize: size });
    let docs: Document[] = [];
    for await (const doc of cursor) {
      docs.push(doc);
      if (docs.length >= size) {
        yield entriesOf(only, docs);
        docs = [];
      }
    }
    if (docs.length) yield entriesOf(only, docs);
  }
}

/** An entry that is no ObjectId as JSON text; jsonb holds no NUL, so such an entry is kept as no array holds it, and so reported. */
function entryText(e: unknown): string {
  const text = JSON.stringify(encode(e, false));
  return holdsNul(text) ? JSON.stringify({ $unstorable: text }) : text;
}

/** Adds entries to the validator's table (on the connection that owns it), as one array a column. */
export async function stageEntries(conn: Queryable, entries: SourceEntries): Promise<void> {
  const { places } = entries;
  for (let i = 0; i < entries.owner.length; i += 5000) {
    const part = <T>(column: T[]) => column.slice(i, i + 5000);
    await conn.unsafe(
      `insert into ${ENTRIES}
       select ($1::text[])[p + 1], ($2::text[])[p + 1], o, case when ($3::bool[])[p + 1] then o else f end, case when ($3::bool[])[p + 1] then f else o end, oid, entry::jsonb
       from unnest($4::int[], $5::uuid[], $6::uuid[], $7::text[], $8::text[]) as u(p, o, f, oid, entry)`,
      [
        places.map((x) => x.junction),
        places.map((x) => x.field),
        places.map((x) => x.selfFirst),
        plainArray(part(entries.place)),
        plainArray(part(entries.owner)),
        plainArray(part(entries.far)),
        plainArray(part(entries.oid)),
        part(entries.entry),
      ] as never[],
    );
  }
}

/**
 * The rows the map's stub repairs need, per table: the ids their fields name (`Sections.board`)
 * that no source document of the referenced table has. From the source alone.
 */
export async function expectedStubs(db: Db): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const c of collections) {
    for (const f of c.columns) {
      const stub = f.repairs.find((r) => r.kind === "stub");
      if (stub?.kind !== "stub") continue;
      const named = new Set<string>();
      for await (const d of db.collection(c.collection).find({}, { ...READ_OPTIONS, projection: { [f.field]: 1 } }))
        if (isObjectIdLike(d[f.field])) named.add(uuidFor(d[f.field]));
      for await (const ids of uuidBatches(db, stub.table)) for (const id of ids) named.delete(id);
      out.set(stub.table, new Set([...(out.get(stub.table) ?? []), ...named]));
    }
  }
  return out;
}

/** SQL true when the id is none of the stubs the source needs (`param`: a uuid[] parameter of them). */
export const notStub = (id: string, param: string): string => `not (${id} = any(${param}::uuid[]))`;

/**
 * Rows of `table` whose id is no source document's UUID and no stub the source needs: made by
 * NextCRM or by hand, or left by a migration of documents since deleted. The source's ids go into a
 * temporary table on `conn`, so memory does not grow with the data.
 */
export async function rowsWithoutSource(
  conn: Queryable,
  db: Db,
  table: string,
  stubs: ReadonlySet<string>,
): Promise<{ count: number; examples: string[] }> {
  await conn.unsafe(`create temp table if not exists _validate_ids (id uuid primary key)`);
  await conn.unsafe(`truncate _validate_ids`);
  for await (const ids of uuidBatches(db, table))
    await conn.unsafe(`insert into _validate_ids select unnest($1::uuid[]) on conflict do nothing`, [ids]);
  await conn.unsafe(`analyze _validate_ids`);
  const [r] = await conn.unsafe<{ n: number; ex: string[] | null }[]>(
    `select count(*)::int as n, (array_agg(t.id::text order by t.id))[1:5] as ex from ${ident(table)} t
     where not exists (select 1 from _validate_ids s where s.id = t.id) and not (t.id = any($1::uuid[]))`,
    [[...stubs]],
  );
  return { count: r!.n, examples: r!.ex ?? [] };
}
