// Layers 1 and 3 for what SQL can answer: stub rows, orphaned foreign keys (anti-joins), and
// each junction against both sides' arrays in the source (staged exactly as the migrator stages them).
import type { Db } from "mongodb";
import { getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { dataTables } from "../map/collections.js";
import type { JunctionMapping } from "../map/types.js";
import { ident } from "../schema/sqlText.js";
import type { Queryable, Sql } from "../postgres/connect.js";
import { countOf } from "../postgres/query.js";
import { junctionPairs } from "../mongo/arrays.js";
import { existsRow, isStub, STUB_TABLES, stubNeeded } from "../postgres/stubs.js";


export interface StubCheck {
  table: string;
  /** Stub rows a reference still needs: repairs, not rows without a source. */
  stubs: number;
  /** Stub rows no reference needs any more: rows without a source. */
  unreferenced: { count: number; examples: string[] };
}

/** The stub rows of each table that can hold them (src/postgres/stubs.ts), and whether each is needed. */
export async function checkStubs(sql: Sql): Promise<StubCheck[]> {
  const out: StubCheck[] = [];
  for (const table of STUB_TABLES) {
    const [row] = await sql.unsafe<{ stubs: number; unreferenced: number; examples: string[] | null }[]>(
      `select count(*) filter (where needed)::int as stubs, count(*) filter (where not needed)::int as unreferenced,
         (array_agg(id::text order by id) filter (where not needed))[1:5] as examples
       from (select t.id, ${stubNeeded(table, "t")} as needed from ${ident(table)} t where ${isStub(table, "t")}) s`,
    );
    out.push({ table, stubs: row!.stubs, unreferenced: { count: row!.unreferenced, examples: row!.examples ?? [] } });
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
      const n = await countOf(sql, `select count(*)::int as n from ${ident(name)} c where c.${ident(col)} is not null and not exists (select 1 from ${ident(parent)} p where p.id = c.${ident(col)})`);
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
}

/**
 * `staged`: a temp table, on the reserved connection `sql`, already holding the source arrays (read
 * during --full's pass over every document); otherwise they are streamed from MongoDB here.
 */
export async function checkJunction(sql: Sql, db: Db, j: JunctionMapping, batchSize: number, staged?: string): Promise<JunctionCheck> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  const t = ident(j.name);
  const pair = (a: string, b: string) => `${a}::text || ' ↔ ' || ${b}::text`;
  const body = async (tx: Queryable): Promise<JunctionCheck> => {
    if (staged) {
      await tx.unsafe(`create temp table _junction_stage on commit drop as select c0, c1 from ${staged} where junction = $1`, [j.name]);
    } else {
      await tx.unsafe(`create temp table _junction_stage (c0 uuid, c1 uuid) on commit drop`);
      // Inserts, not COPY: postgres.js never settles a COPY whose error arrives after end(), and a
      // MongoDB error mid-COPY would leave the connection unable to roll back.
      for await (const pairs of junctionPairs(db, j, batchSize)) {
        await tx.unsafe(`insert into _junction_stage select c0, c1 from json_populate_recordset(null::_junction_stage, $1::text::json)`, [JSON.stringify(pairs)]);
      }
    }
    await tx.unsafe(`create temp table _source_pairs on commit drop as
      select distinct s.c0, s.c1 from _junction_stage s
      where s.c0 is not null and s.c1 is not null
        and ${existsRow(c0.references, "s.c0")} and ${existsRow(c1.references, "s.c1")}`);
    // Temp tables get no autovacuum statistics; the anti-joins below need real row counts.
    await tx.unsafe(`analyze _source_pairs`);
    const one = async (q: string) => (await tx.unsafe<{ n: number; ex: string[] | null }[]>(q))[0]!;
    const source = await one(`select count(*)::int as n, null as ex from _source_pairs`);
    const target = await one(`select count(*)::int as n, null as ex from ${t}`);
    const missing = await one(`select count(*)::int as n, (array_agg(${pair("s.c0", "s.c1")}))[1:5] as ex from _source_pairs s
      where not exists (select 1 from ${t} j where j.${ident(c0.name)} = s.c0 and j.${ident(c1.name)} = s.c1)`);
    const extra = await one(`select count(*)::int as n, (array_agg(${pair(`j.${ident(c0.name)}`, `j.${ident(c1.name)}`)}))[1:5] as ex from ${t} j
      where not exists (select 1 from _source_pairs s where s.c0 = j.${ident(c0.name)} and s.c1 = j.${ident(c1.name)})`);
    const orphaned = await one(`select count(*)::int as n, (array_agg(${pair(`j.${ident(c0.name)}`, `j.${ident(c1.name)}`)}))[1:5] as ex from ${t} j
      where not exists (select 1 from ${ident(c0.references)} x where x.id = j.${ident(c0.name)})
         or not exists (select 1 from ${ident(c1.references)} y where y.id = j.${ident(c1.name)})`);
    return {
      table: j.name,
      sourcePairs: source.n,
      targetPairs: target.n,
      missingInTarget: { count: missing.n, examples: missing.ex ?? [] },
      withoutSource: { count: extra.n, examples: extra.ex ?? [] },
      orphaned: { count: orphaned.n, examples: orphaned.ex ?? [] },
    };
  };
  if (!staged) return sql.begin((tx) => body(tx));
  // A reserved connection (it owns the staged temp table) has no begin(): spell the transaction out.
  await sql.unsafe("begin");
  try {
    const result = await body(sql);
    await sql.unsafe("commit");
    return result;
  } catch (e) {
    await sql.unsafe("rollback").catch(() => {});
    throw e;
  }
}
