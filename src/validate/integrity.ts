// Layers 1 and 3 for what SQL can answer: stub rows, orphaned foreign keys (anti-joins), and
// each junction against the entries of both sides' arrays in the source (src/validate/expected.ts).
import type { Db } from "mongodb";
import { getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { dataTables } from "../map/collections.js";
import { junctionPlace } from "../map/relations.js";
import type { JunctionMapping } from "../map/types.js";
import { ident } from "../schema/sqlText.js";
import type { Queryable, Sql } from "../postgres/connect.js";
import { countOf } from "../postgres/query.js";
import { UNMAPPED } from "../postgres/schemaModel.js";
import { ENTRIES, ENTRY_JSON, notStub, rowsWithoutSource } from "./expected.js";

export interface StubCheck {
  table: string;
  /** Stub rows the source needs (a section of a deleted board): repairs, not rows without a source. */
  stubs: number;
  /** Rows that neither a source document nor a needed stub accounts for: rows without a source. */
  unreferenced: { count: number; examples: string[] };
  /** Stub rows whose owner is not the one the rule gives (README, "Stub boards"). */
  wrongOwner: { count: number; examples: string[] };
}

/**
 * Who owns a table's stub rows, by the README's rule: the administrator who joined first, then the
 * smallest id; without administrators, the user who joined first.
 */
const STUB_OWNERS: Record<string, { column: string; owner: string }> = {
  Boards: { column: "user", owner: `select id from "Users" order by is_admin desc, created_on asc, id asc limit 1` },
};

/** The stub rows of each table the source needs stubs in (`expectedStubs`), and those no one accounts for. */
export async function checkStubs(conn: Queryable, db: Db, stubs: Map<string, Set<string>>): Promise<StubCheck[]> {
  const out: StubCheck[] = [];
  for (const [table, ids] of stubs) {
    const rule = STUB_OWNERS[table];
    if (!rule) throw new Error(`validator: no owner rule for the stub rows of ${table}`);
    const [row] = await conn.unsafe<{ stubs: number; wrong: number; ex: string[] | null }[]>(
      `select count(*)::int as stubs,
         count(*) filter (where t.${ident(rule.column)} is distinct from (${rule.owner}))::int as wrong,
         (array_agg(t.id::text order by t.id) filter (where t.${ident(rule.column)} is distinct from (${rule.owner})))[1:5] as ex
       from ${ident(table)} t where t.id = any($1::uuid[])`,
      [[...ids]],
    );
    out.push({
      table,
      stubs: row!.stubs,
      unreferenced: await rowsWithoutSource(conn, db, table, ids),
      wrongOwner: { count: row!.wrong, examples: row!.ex ?? [] },
    });
  }
  return out;
}

export interface Orphans {
  table: string;
  column: string;
  references: string;
  count: number;
  examples: string[];
}

export async function orphanedForeignKeys(sql: Sql): Promise<Orphans[]> {
  const out: Orphans[] = [];
  for (const table of dataTables) {
    const name = getTableName(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const ref = fk.reference();
      const col = ref.columns[0]!.name;
      const parent = getTableName(ref.foreignTable);
      const rows = await sql.unsafe<{ v: string }[]>(
        `select c.${ident(col)}::text as v from ${ident(name)} c where c.${ident(col)} is not null
         and not exists (select 1 from ${ident(parent)} p where p.id = c.${ident(col)}) limit 6`,
      );
      if (!rows.length) continue;
      const n = await countOf(
        sql,
        `select count(*)::int as n from ${ident(name)} c where c.${ident(col)} is not null and not exists (select 1 from ${ident(parent)} p where p.id = c.${ident(col)})`,
      );
      out.push({ table: name, column: col, references: parent, count: n, examples: rows.slice(0, 5).map((r) => r.v) });
    }
  }
  return out;
}

export interface JunctionCheck {
  table: string;
  /** Distinct pairs in the union of both sides' arrays whose two ends exist in the target. */
  sourcePairs: number;
  targetPairs: number;
  missingInTarget: { count: number; examples: string[] };
  withoutSource: { count: number; examples: string[] };
  /** Junction rows whose ends are missing (only possible with constraints bypassed). */
  orphaned: { count: number; examples: string[] };
  /** Entries naming a missing document, of a document that has its row, not kept in nextcrm_migrate.unmapped. */
  danglingNotKept: { count: number; examples: string[] };
}

/**
 * One junction against the source's entries, staged in ENTRIES on `conn` (which owns the table),
 * with the stubs the source needs (which are no document's row).
 */
export async function checkJunction(conn: Queryable, j: JunctionMapping, stubs: Map<string, Set<string>>): Promise<JunctionCheck> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  const t = ident(j.name);
  const pair = (a: string, b: string) => `${a}::text || ' ↔ ' || ${b}::text`;
  const stubIds = (table: string) => [...(stubs.get(table) ?? [])];
  // A document's row: it exists, and is no stub.
  const isRow = (table: string, id: string, param: string) =>
    `exists (select 1 from ${ident(table)} r where r.id = ${id}) and ${notStub(id, param)}`;
  // No transaction: staging of other tables' entries goes on on `conn` between these statements,
  // and one of its inserts failing for a document's sake must not abort a check.
  await conn.unsafe(`drop table if exists _source_pairs`);
  await conn.unsafe(
    `create temp table _source_pairs as
     select distinct e.c0, e.c1 from ${ENTRIES} e
     where e.junction = $1 and e.c0 is not null and e.c1 is not null
       and ${isRow(c0.references, "e.c0", "$2")} and ${isRow(c1.references, "e.c1", "$3")}`,
    [j.name, stubIds(c0.references), stubIds(c1.references)],
  );
  // Temp tables get no autovacuum statistics; the anti-joins below need real row counts.
  await conn.unsafe(`analyze _source_pairs`);
  const one = async (q: string, params: unknown[] = []) =>
    (await conn.unsafe<{ n: number; ex: string[] | null }[]>(q, params as never[]))[0]!;
  const source = await one(`select count(*)::int as n, null as ex from _source_pairs`);
  const target = await one(`select count(*)::int as n, null as ex from ${t}`);
  const missing =
    await one(`select count(*)::int as n, (array_agg(${pair("s.c0", "s.c1")} order by s.c0, s.c1))[1:5] as ex from _source_pairs s
    where not exists (select 1 from ${t} j where j.${ident(c0.name)} = s.c0 and j.${ident(c1.name)} = s.c1)`);
  const extra =
    await one(`select count(*)::int as n, (array_agg(${pair(`j.${ident(c0.name)}`, `j.${ident(c1.name)}`)} order by j.${ident(c0.name)}, j.${ident(c1.name)}))[1:5] as ex from ${t} j
    where not exists (select 1 from _source_pairs s where s.c0 = j.${ident(c0.name)} and s.c1 = j.${ident(c1.name)})`);
  const orphaned =
    await one(`select count(*)::int as n, (array_agg(${pair(`j.${ident(c0.name)}`, `j.${ident(c1.name)}`)} order by j.${ident(c0.name)}, j.${ident(c1.name)}))[1:5] as ex from ${t} j
    where not exists (select 1 from ${ident(c0.references)} x where x.id = j.${ident(c0.name)})
       or not exists (select 1 from ${ident(c1.references)} y where y.id = j.${ident(c1.name)})`);
  // Per side: an entry of a document that has its row, naming no document's row, is kept as the array held it.
  const dangling = { n: 0, ex: [] as string[] };
  for (const side of j.sides) {
    const far = junctionPlace(side.collection, side.field.field).selfFirst ? "e.c1" : "e.c0";
    const d = await one(
      `select count(*)::int as n, (array_agg(e.junction || ' ' || e.owner::text || ' ' || e.field order by e.owner, e.field))[1:5] as ex from ${ENTRIES} e
       where e.junction = $1 and e.field = $2 and exists (select 1 from ${ident(side.collection)} o where o.id = e.owner)
         and (${far} is null or not (${isRow(side.field.references, far, "$3")}))
         and not exists (select 1 from ${UNMAPPED} u where u.table_name = $1 and u.id = e.owner
                         and coalesce(u.data->'dangling'->e.field, '[]'::jsonb) @> jsonb_build_array(${ENTRY_JSON}))`,
      [j.name, side.field.field, stubIds(side.field.references)],
    );
    dangling.n += d.n;
    dangling.ex.push(...(d.ex ?? []));
  }
  await conn.unsafe(`drop table _source_pairs`);
  return {
    table: j.name,
    sourcePairs: source.n,
    targetPairs: target.n,
    missingInTarget: { count: missing.n, examples: missing.ex ?? [] },
    withoutSource: { count: extra.n, examples: extra.ex ?? [] },
    orphaned: { count: orphaned.n, examples: orphaned.ex ?? [] },
    danglingNotKept: { count: dangling.n, examples: dangling.ex.slice(0, 5) },
  };
}
