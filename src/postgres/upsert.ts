// Writes one batch of transformed documents: its stub rows, its entity rows (a COPY when none is
// there yet, else a set-based upsert that leaves unchanged rows untouched, so a rerun leaves no dead
// tuples) and their `nextcrm_migrate.unmapped` rows (docs/ARCHITECTURE.md, "Writing a batch").
import { encode } from "../transform/ejson.js";
import { getTableConfig } from "drizzle-orm/pg-core";
import type { CollectionMapping } from "../map/types.js";
import type { Transformed } from "../transform/document.js";
import { ident as q } from "../schema/sqlText.js";
import type { Queryable } from "./connect.js";
import { oneRow } from "./query.js";
import { copyInto, copyRows, NotCopyable, type CopyColumn } from "./copyText.js";
import { UNMAPPED } from "./schemaModel.js";
import { insertStubs } from "./stubs.js";
import { isConnectionLost } from "../errors.js";

const copyColumns = new Map<string, CopyColumn[]>();
function columnsOf(mapping: CollectionMapping): CopyColumn[] {
  let cols = copyColumns.get(mapping.collection);
  if (!cols)
    copyColumns.set(
      mapping.collection,
      (cols = getTableConfig(mapping.table).columns.map((c) => ({ name: c.name, type: c.getSQLType() }))),
    );
  return cols;
}

const statements = new Map<string, string>();

/** `insert ... select from json_populate_recordset ... on conflict (id) do update ... where distinct`. */
export function upsertStatement(mapping: CollectionMapping): string {
  let text = statements.get(mapping.collection);
  if (text) return text;
  const table = q(mapping.collection);
  const cols = columnsOf(mapping).map((c) => c.name);
  const list = cols.map(q).join(", ");
  const rest = cols.filter((c) => c !== "id");
  const conflict = rest.length
    ? `on conflict ("id") do update set ${rest.map((c) => `${q(c)} = excluded.${q(c)}`).join(", ")}
       where (${rest.map((c) => `${table}.${q(c)}`).join(", ")}${rest.length === 1 ? ", null" : ""})
         is distinct from (${rest.map((c) => `excluded.${q(c)}`).join(", ")}${rest.length === 1 ? ", null" : ""})`
    : `on conflict ("id") do nothing`;
  text = `insert into ${table} (${list})
    select ${list} from json_populate_recordset(null::${table}, $1::text::json)
    ${conflict}`;
  statements.set(mapping.collection, text);
  return text;
}

/**
 * Upserts into nextcrm_migrate.unmapped the rows `select` yields (table_name, id, mongo_id, data),
 * touching only those that differ. A batch's unmapped data, and a junction's dangling entries.
 */
export const upsertUnmapped = (select: string) => `insert into ${UNMAPPED} as u (table_name, id, mongo_id, data)
  ${select}
  on conflict (table_name, id) do update set mongo_id = excluded.mongo_id, data = excluded.data
  where (u.mongo_id, u.data) is distinct from (excluded.mongo_id, excluded.data)`;

const UNMAPPED_UPSERT = upsertUnmapped(
  `select table_name, id, mongo_id, data from json_populate_recordset(null::${UNMAPPED}, $1::text::json)`,
);

/** Unmapped data as canonical Extended JSON, so every BSON type survives in jsonb. */
export const unmappedJson = (u: NonNullable<Transformed["unmapped"]>) => encode(u, false);

/**
 * How a batch's rows go in (docs/ARCHITECTURE.md, "Writing a batch"). `upsert` inserts or
 * updates, and only rows that differ. `copy-if-new` first asks whether any of the rows is there
 * (a rerun, a resumed batch, a stub): if none is, they go in as a COPY, which costs PostgreSQL
 * less; otherwise as the upsert.
 */
export type WriteMode = "copy-if-new" | "upsert";

/** PostgreSQL refused a COPY, and the transaction is aborted: write the batch again as an upsert. */
export class CopyRefused extends Error {
  override name = "CopyRefused";
  constructor(override readonly cause: unknown) {
    super(`COPY refused: ${(cause as Error).message}`);
  }
}

/** The rows as COPY text, or null when a value needs the JSON path (see NotCopyable). */
function copyable(mapping: CollectionMapping, rows: Record<string, unknown>[]): string | null {
  try {
    return copyRows(columnsOf(mapping), rows);
  } catch (e) {
    if (e instanceof NotCopyable) return null;
    throw e;
  }
}

/**
 * Sends the batch's statements without waiting between them: PostgreSQL runs the upsert while
 * the rest is serialised, and runs each next statement without a round trip. If one fails, the
 * rest fail as "transaction aborted" after it, so the first error to arrive is the cause. A COPY
 * is the exception: nothing may follow it on the connection until it ends.
 * `stubOwner`: who owns the stub rows the batch needs (src/postgres/stubs.ts), if it needs any.
 */
export async function writeBatch(
  tx: Queryable,
  mapping: CollectionMapping,
  items: Transformed[],
  stubOwner: string | null = null,
  mode: WriteMode = "upsert",
): Promise<void> {
  const stubs = items.flatMap((t) => t.stubs);
  if (stubs.length && !stubOwner) throw new Error("writeBatch: stub rows need an owner");
  const sent: Promise<unknown>[] = stubs.length ? insertStubs(tx, stubs, stubOwner!) : [];
  const rows = items.map((t) => t.row);
  let copied = false;
  if (mode === "copy-if-new") {
    const table = q(mapping.collection);
    await Promise.all(sent); // a stub's own error, before the statements that would fail after it
    const { n } = await oneRow<{ n: number }>(tx, `select count(*)::int as n from ${table} where id = any($1::uuid[])`, [
      items.map((t) => t.id),
    ]);
    const body = n === 0 ? copyable(mapping, rows) : null;
    if (body !== null) {
      try {
        await copyInto(tx, table, columnsOf(mapping), body);
      } catch (e) {
        throw isConnectionLost(e) ? e : new CopyRefused(e);
      }
      copied = true;
    }
  }
  if (!copied) sent.push(tx.unsafe(upsertStatement(mapping), [JSON.stringify(rows)]).execute());
  const withData = items.filter((t) => t.unmapped);
  if (withData.length) {
    const rows = withData.map((t) => ({ table_name: mapping.collection, id: t.id, mongo_id: t.mongoId, data: unmappedJson(t.unmapped!) }));
    sent.push(tx.unsafe(UNMAPPED_UPSERT, [JSON.stringify(rows)]).execute());
  }
  // A document edited at the source may no longer need its unmapped row.
  const without = items.filter((t) => !t.unmapped).map((t) => t.id);
  if (without.length) {
    sent.push(tx.unsafe(`delete from ${UNMAPPED} where table_name = $1 and id = any($2::uuid[])`, [mapping.collection, without]).execute());
  }
  await Promise.all(sent);
}
