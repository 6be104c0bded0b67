// What a rerun needs to tell an unchanged document without transforming it (docs/ARCHITECTURE.md,
// "Unchanged documents"): per document that committed without a stub, a hash of its source bytes,
// the transaction id (`xmin`) of the row it left and the references it found missing, in
// nextcrm_migrate.row_hash (declared in src/schema/unmapped.ts, created with the other working
// tables by src/postgres/workingTables.ts).
import { hash } from "node:crypto";
import { getTableConfig } from "drizzle-orm/pg-core";
import type { CollectionMapping, Repair } from "../map/types.js";
import { ident as q } from "../schema/sqlText.js";
import { row_hash } from "../schema/unmapped.js";
import type { Queryable, Sql } from "./connect.js";
import { oneRow } from "./query.js";
import { tablesReferencedBy } from "../map/relations.js";
import { repairKindsOf } from "./repairs.js";
import { qualifiedName, UNMAPPED } from "./schemaModel.js";
import { existsRow } from "./stubs.js";

export const ROW_HASH = qualifiedName(row_hash);

/**
 * Bump when the transform turns the same document into another row or other unmapped data: every
 * stored hash then stops matching, and the next run transforms every document again. A change to
 * the collection map does the same by itself (see versionOf).
 */
const TRANSFORM_VERSION = 2;

/** The row each table's hashes are valid for: its `hash` is the version, under the nil UUID. */
const VERSION_ID = "00000000-0000-0000-0000-000000000000";

/**
 * `--restart`: these tables start over, every document transformed again. The way to repair what
 * the hashes cannot see, such as rows deleted under `session_replication_role = replica`.
 */
export async function forgetRowHashes(sql: Sql, tables: string[]): Promise<void> {
  await sql.unsafe(`delete from ${ROW_HASH} where table_name = any($1::text[])`, [tables]);
}

/**
 * Whether a committed document's row can be told unchanged by its bytes and the references it
 * found missing (Transformed.missing): all but one with a stub, which takes the current owner
 * rule's user in every run (src/postgres/stubs.ts).
 */
export const hashable = (repairs: readonly { kind: Repair["kind"] }[]): boolean => !repairs.some((r) => r.kind === "stub");

/**
 * The hash of a document's bytes, as a uuid's 32 hex digits: the first 128 bits of its SHA-1 (a
 * change detector, not a signature; SHA-1, which runs in hardware here, is faster than MD5).
 */
export const documentHash = (bytes: Uint8Array): string => hash("sha1", bytes, "hex").slice(0, 32);

/** Only plain data of the map counts: its Drizzle objects are described by their columns. */
const plain = (_k: string, v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype ? undefined : v;

function versionOf(c: CollectionMapping): string {
  const columns = getTableConfig(c.table).columns.map((col) => `${col.name}:${col.getSQLType()}:${col.notNull}`);
  return hash("md5", JSON.stringify([TRANSFORM_VERSION, c.collection, columns, c.fields, c.junctions], plain), "hex");
}

/**
 * Where the `xmin`s are valid: this cluster (its system identifier, where the server lets anyone
 * read it) and this table (its oid), with these columns. A database restored elsewhere numbers
 * its transactions anew, and its `xmin`s could meet stored ones by chance; a column dropped and
 * added again rewrites no row, so every `xmin` stays while the column is empty.
 */
async function placeOf(tx: Queryable, c: CollectionMapping): Promise<string> {
  const { oid, columns } = await oneRow<{ oid: string; columns: string }>(
    tx,
    `select $1::regclass::oid::text as oid,
       (select string_agg(concat_ws(':', attnum, attname, atttypid, attisdropped), ',' order by attnum)
        from pg_attribute where attrelid = $1::regclass and attnum > 0) as columns`,
    [q(c.collection)],
  );
  const system = await tx.unsafe<{ id: string }[]>(`select system_identifier::text as id from pg_control_system()`).then(
    ([r]) => r?.id ?? "",
    () => "",
  );
  return `${system}:${oid}:${columns}`;
}

/**
 * Whether the table has hashes of this version to compare with. Hashes of another version (an
 * older tool, another collection map, another cluster or table) are deleted, and the current
 * version recorded.
 */
export async function openRowHashes(sql: Sql, c: CollectionMapping): Promise<boolean> {
  // Outside the transaction: a server that refuses pg_control_system must not abort it.
  const version = hash("md5", `${versionOf(c)}:${await placeOf(sql, c)}`, "hex");
  return (await sql.begin(async (tx) => {
    const [row] = await tx.unsafe<{ current: boolean }[]>(
      `select hash = $3::uuid as current from ${ROW_HASH} where table_name = $1 and id = $2`,
      [c.collection, VERSION_ID, version],
    );
    if (row?.current) {
      const [any] = await tx.unsafe(`select 1 from ${ROW_HASH} where table_name = $1 and id <> $2 limit 1`, [c.collection, VERSION_ID]);
      return !!any;
    }
    await tx.unsafe(`delete from ${ROW_HASH} where table_name = $1`, [c.collection]);
    await tx.unsafe(`insert into ${ROW_HASH} (table_name, id, hash, written) values ($1, $2, $3, '0')`, [
      c.collection,
      VERSION_ID,
      version,
    ]);
    return false;
  })) as boolean;
}

/**
 * SQL true when a reference `ref` (`table:uuid`, see Transformed.missing) of a `c` document names
 * a row that exists now (a stub does not count, as in the reference probe).
 */
function foundNow(c: CollectionMapping, ref: string): string {
  const tables = tablesReferencedBy(c);
  const cases = tables.map((t) => `(split_part(${ref}, ':', 1) = '${t}' and ${existsRow(t, `split_part(${ref}, ':', 2)::uuid`)})`);
  return cases.length ? cases.join(" or ") : "false";
}

/**
 * Of these (id, hash) pairs, the documents that are unchanged, each with the kinds of the repairs
 * its row holds: its hash is the one stored, its row and its unmapped data are still those the
 * tool wrote (the same `xmin`s: a row NextCRM or a person updated or deleted since is written
 * again, so nothing done in PostgreSQL hides a source document), and every reference it found
 * missing is missing still (one that arrived would change its row). The kinds are read from the
 * unmapped row, which the same `xmin` proves is the one the document's commit left.
 */
export async function unchangedIds(db: Queryable, c: CollectionMapping, ids: string[], hashes: string[]): Promise<Map<string, string[]>> {
  const [row] = await db.unsafe<{ same: number[] | null; kinds: Record<string, string[]> | null }[]>(unchangedStatement(c), [
    c.collection,
    ids,
    hashes,
  ]);
  return new Map((row?.same ?? []).map((n) => [ids[n - 1]!, row?.kinds?.[n] ?? []]));
}

const unchangedStatements = new Map<string, string>();

/**
 * Each document's rows found by their keys, one index probe each (`offset 0` keeps them so:
 * joined, the planner hashed all of a table's hashes for every batch).
 * The answer is one row, positions in the batch, not a row per document to parse. Built once
 * per table.
 */
function unchangedStatement(c: CollectionMapping): string {
  let text = unchangedStatements.get(c.collection);
  if (text) return text;
  text = `select array_agg(u.n::int) as same, jsonb_object_agg(u.n, ${repairKindsOf("m")}) filter (where m.data ? 'repaired') as kinds
     from unnest($2::uuid[], $3::uuid[]) with ordinality u(id, hash, n)
       cross join lateral (select h.written, h.unmapped, h.missing from ${ROW_HASH} h where h.table_name = $1 and h.id = u.id and h.hash = u.hash offset 0) h
       cross join lateral (select t.xmin from ${q(c.collection)} t where t.id = u.id offset 0) t
       left join lateral (select m.xmin, m.data from ${UNMAPPED} m where m.table_name = $1 and m.id = u.id offset 0) m on true
     where t.xmin = h.written and m.xmin::text is not distinct from h.unmapped::text
       and (h.missing is null or not exists (select 1 from unnest(h.missing) x(ref) where ${foundNow(c, "x.ref")}))`;
  unchangedStatements.set(c.collection, text);
  return text;
}

/**
 * After a batch's rows and unmapped data are written, in its transaction: the hashes of the
 * documents whose row depends on nothing but their bytes and the references they found missing
 * (see hashable), with the `xmin`s of their rows (and unmapped rows) and those references. The
 * others go: they are transformed again in every run.
 */
export function recordHashes(
  tx: Queryable,
  c: CollectionMapping,
  clean: { id: string; hash: string; missing: readonly string[] }[],
  others: string[],
): Promise<unknown> {
  const sent: Promise<unknown>[] = [];
  if (clean.length) {
    // A document's missing references travel as one comma-separated text (they hold no comma).
    sent.push(
      tx
        .unsafe(
          `insert into ${ROW_HASH} as h (table_name, id, hash, written, unmapped, missing)
         select $1, t.id, u.hash, t.xmin, m.xmin, string_to_array(nullif(u.missing, ''), ',') from unnest($2::uuid[], $3::uuid[], $4::text[]) u(id, hash, missing)
           join ${q(c.collection)} t on t.id = u.id
           left join ${UNMAPPED} m on m.table_name = $1 and m.id = u.id
         on conflict (table_name, id) do update set hash = excluded.hash, written = excluded.written, unmapped = excluded.unmapped, missing = excluded.missing
         where (h.hash, h.written::text, h.unmapped::text, h.missing) is distinct from (excluded.hash, excluded.written::text, excluded.unmapped::text, excluded.missing)`,
          [c.collection, clean.map((x) => x.id), clean.map((x) => x.hash), clean.map((x) => x.missing.join(","))],
        )
        .execute(),
    );
  }
  if (others.length)
    sent.push(tx.unsafe(`delete from ${ROW_HASH} where table_name = $1 and id = any($2::uuid[])`, [c.collection, others]).execute());
  return Promise.all(sent);
}
