// Stub rows: a required reference to a document that no longer exists (the board of a section)
// keeps its value, and a row of the referenced table is made under that id, so that the section
// and its tasks stay where the app shows them. Each stub is marked in nextcrm_migrate.unmapped,
// so that reference checks, junction syncs and the validator tell it from a migrated row. Which
// tables, which references, what a stub holds and who owns it is the map's policy (src/map/stubs.ts);
// this module is its SQL: the owner's query, the stub test, and the writes and prunes of the rows.
import { STUB_OWNER, STUB_REFERRERS, STUB_TABLES, stubRow } from "../map/stubs.js";
import { ident } from "../schema/sqlText.js";
import type { Stub } from "../transform/document.js";
import type { Queryable, Sql } from "./connect.js";
import { UNMAPPED } from "./schemaModel.js";
import { planted } from "../migrate/planted.js";

/** SQL that is true when the row `alias` of `table` is a stub; `false` for tables without stubs. */
export function isStub(table: string, alias: string): string {
  if (!STUB_TABLES.has(table)) return "false";
  return `exists (select 1 from ${UNMAPPED} u where u.table_name = '${table}' and u.id = ${alias}.id and u.data ? 'stub')`;
}

/** SQL that is true when `table` has a row with the id `id` (an SQL expression) that is not a stub: a reference to it is not missing. */
export const existsRow = (table: string, id: string): string =>
  `exists (select 1 from ${ident(table)} r where r.id = ${id} and not ${isStub(table, "r")})`;

/** Who owns the stub rows, by the rule of STUB_OWNER (src/map/stubs.ts); null when there is no user at all. */
export async function stubOwner(sql: Sql): Promise<string | null> {
  const order = STUB_OWNER.order.map(([col, dir]) => `${ident(col)}${dir === "desc" ? " desc" : ""}`).join(", ");
  // Planted mistake (test only, src/migrate/planted.ts): the rule's second user owns the stubs, not its first.
  const skip = planted("stubOwnerWrong") ? " offset 1" : "";
  const [row] = await sql.unsafe<{ id: string }[]>(`select id from ${ident(STUB_OWNER.table)} order by ${order} limit 1${skip}`);
  return row?.id ?? null;
}

/** SQL that is true when some row still needs the stub `alias` of `table` (STUB_REFERRERS: the fields whose stub repairs name it). */
export function stubNeeded(table: string, alias: string): string {
  const refs = (STUB_REFERRERS.get(table) ?? []).map(
    ({ collection, field }) => `exists (select 1 from ${ident(collection)} r where r.${ident(field)} = ${alias}.id)`,
  );
  return refs.length ? `(${refs.join(" or ")})` : "false";
}

/**
 * Makes the stubs (call inside the batch's transaction, before its rows): a row and its marker
 * each. A stub that exists already takes the values of this run (its owner may have changed), as a
 * fresh migration would give it; a migrated row under the same id is never touched.
 */
export function insertStubs(tx: Queryable, stubs: Stub[], owner: string): Promise<unknown>[] {
  // Sections of one missing board name the same stub: one row each.
  const byTable = new Map<string, Stub[]>();
  for (const s of new Map(stubs.map((x) => [`${x.table}\u0000${x.id}`, x])).values())
    byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);
  const sent: Promise<unknown>[] = [];
  for (const [table, list] of byTable) {
    const rows = list.map((s) => stubRow(s, owner));
    const names = Object.keys(rows[0]!);
    const cols = names.map(ident).join(", ");
    const rest = names.filter((n) => n !== "id").map(ident);
    const t = ident(table);
    sent.push(
      tx
        .unsafe(
          `insert into ${t} (${cols}) select ${cols} from json_populate_recordset(null::${t}, $1::text::json)
           on conflict (id) do update set ${rest.map((c) => `${c} = excluded.${c}`).join(", ")}
           where ${isStub(table, t)} and (${rest.map((c) => `${t}.${c}`).join(", ")}) is distinct from (${rest.map((c) => `excluded.${c}`).join(", ")})`,
          [JSON.stringify(rows)],
        )
        .execute(),
    );
    const marks = list.map((s) => ({ table_name: table, id: s.id, mongo_id: s.mongoId, data: { stub: { referencedBy: s.referencedBy } } }));
    sent.push(
      tx
        .unsafe(
          `insert into ${UNMAPPED} (table_name, id, mongo_id, data) select table_name, id, mongo_id, data from json_populate_recordset(null::${UNMAPPED}, $1::text::json) on conflict (table_name, id) do nothing`,
          [JSON.stringify(marks)],
        )
        .execute(),
    );
  }
  return sent;
}

/**
 * Removes the stubs of `table` that nothing needs any more (a section that now names a board that
 * exists), with their markers, so that the target equals a fresh migration of the same source.
 * Call once the tables whose references need them are done.
 */
export async function pruneStubs(sql: Sql, table: string): Promise<number> {
  return (await sql.begin(async (tx) => {
    const gone = await tx.unsafe<{ id: string }[]>(
      `delete from ${ident(table)} t where ${isStub(table, "t")} and not ${stubNeeded(table, "t")} returning t.id`,
    );
    if (gone.length)
      await tx.unsafe(`delete from ${UNMAPPED} where table_name = $1 and id = any($2::uuid[])`, [table, gone.map((r) => r.id)]);
    return gone.length;
  })) as number;
}
