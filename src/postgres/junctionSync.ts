// Syncs one junction as a unit from the arrays the entity pass staged (src/postgres/stage.ts):
// set-based statements over a copy of its staged rows insert the missing pairs whose two ends
// exist, delete the pairs no array holds any more, and keep the entries that point at missing
// documents in nextcrm_migrate.unmapped; skipped when nothing it reads changed (docs/ARCHITECTURE.md, "Junctions").
import { junctionSides } from "../map/relations.js";
import { MigrateError } from "../errors.js";
import type { JunctionMapping } from "../map/types.js";
import { ident as q } from "../schema/sqlText.js";
import type { Queryable, Sql } from "./connect.js";
import { countOf } from "./query.js";
import { UNMAPPED } from "./schemaModel.js";
import { STAGE, STAGED_ELEMENT, stageIntact, SYNCED } from "./stage.js";
import { existsRow } from "./stubs.js";
import { upsertUnmapped } from "./upsert.js";
import { planted, victim } from "../migrate/planted.js";

export interface JunctionResult {
  /** Distinct pairs in the junction after the sync. */
  pairs: number;
  inserted: number;
  deleted: number;
  /** Array entries whose document does not exist (kept in nextcrm_migrate.unmapped). */
  dangling: number;
  /** Nothing the sync reads changed since the last one (see unchangedSince): it was not run. */
  unchanged?: boolean;
}

const STAGE_LOST =
  "PostgreSQL went through crash recovery or a failover during the run, which emptied the migrator's working table nextcrm_migrate.junction_stage; the junction tables not yet synced were left as they were. Run the same command again: it reads the tables again and finishes them";

/**
 * Syncs `j` from the arrays the entity pass staged (src/postgres/stage.ts); the validator reads
 * them from MongoDB with code of its own instead (src/validate/expected.ts).
 */
export async function syncJunction(sql: Sql, j: JunctionMapping): Promise<JunctionResult> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  return sql.begin(async (tx) => {
    // After crash recovery or a failover since the run began, what the tables staged before is
    // gone, and a sync of what is left would delete their pairs.
    if (!(await stageIntact(tx))) throw new MigrateError("SERVER", STAGE_LOST);
    const same = await unchangedSince(tx, j);
    if (same) return same;
    // Whether each end exists is asked once per entry, here, for both the pairs and the dangling.
    await tx.unsafe(
      `create temp table _junction_stage on commit drop as
      select s.c0, s.c1, s.side, s.owner, s.owner_mongo, s.element, s.oid, s.pos, s.written,
        s.c0 is not null and ${existsRow(c0.references, "s.c0")} as e0,
        s.c1 is not null and ${existsRow(c1.references, "s.c1")} as e1
      from ${STAGE} s where s.junction = $1`,
      [j.name],
    );
    // Temp tables get no autovacuum statistics; the anti-joins below need real row counts. Only
    // the columns they join and filter on: the others cost most of the time.
    await tx.unsafe(`analyze _junction_stage (c0, c1, side, e0, e1)`);
    const inserted = await tx.unsafe(`insert into ${q(j.name)} (${q(c0.name)}, ${q(c1.name)})
      select distinct s.c0, s.c1 from _junction_stage s where s.e0 and s.e1
      on conflict do nothing`);
    const deleted = await tx.unsafe(`delete from ${q(j.name)} t
      where not exists (select 1 from _junction_stage s where s.c0 = t.${q(c0.name)} and s.c1 = t.${q(c1.name)})`);
    // An entry dangles when its owner exists but the document it names does not.
    const sideCases = junctionSides(j)
      .map(({ side, selfFirst }) => (selfFirst ? `(s.side = ${side} and s.e0 and not s.e1)` : `(s.side = ${side} and s.e1 and not s.e0)`))
      .join(" or ");
    const fieldName = `(array[${j.sides.map((s) => `'${s.field.field}'`).join(", ")}])[s.side + 1]`;
    await tx.unsafe(`create temp table _junction_dangling on commit drop as
      select f.owner as id, min(f.owner_mongo) as mongo_id,
        jsonb_object_agg(f.field, f.elements) as data, sum(f.n)::int as n
      from (select s.owner, s.owner_mongo, ${fieldName} as field, jsonb_agg(${STAGED_ELEMENT} order by s.pos) as elements, count(*) as n
            from _junction_stage s where ${sideCases} group by s.owner, s.owner_mongo, s.side) f
      group by f.owner`);
    // Planted mistake (test only, src/migrate/planted.ts): one document's dangling entries are discarded instead of kept.
    if (planted("danglingNotKept") && victim("danglingNotKept", j.name))
      await tx.unsafe(`delete from _junction_dangling where id = (select id from _junction_dangling order by mongo_id limit 1)`);
    await tx.unsafe(upsertUnmapped(`select $1, id, mongo_id, jsonb_build_object('dangling', data) from _junction_dangling`), [j.name]);
    await tx.unsafe(
      `delete from ${UNMAPPED} u where u.table_name = $1 and not exists (select 1 from _junction_dangling d where d.id = u.id)`,
      [j.name],
    );
    const dangling = await countOf(tx, `select coalesce(sum(n), 0)::int as n from _junction_dangling`);
    const pairs = await record(tx, j, dangling);
    return { pairs, inserted: inserted.count, deleted: deleted.count, dangling };
  }) as Promise<JunctionResult>;
}

/** Staged rows (those of `j` in the stage, or its sync's copy): how many, and the newest `written` (a row appended has a larger one). */
const stagedOf = (rows: string) => `select count(*) as staged, max(written) as last_written from ${rows}`;

/** The junction table's pairs, and a digest of them. */
const pairsOf = (j: JunctionMapping) => {
  const [c0, c1] = j.columns.map((c) => `t.${q(c.name)}::text`);
  return `select count(*) as pairs, coalesce(sum(hashtextextended(${c0} || ' ' || ${c1}, 0)), 0) as pairs_digest from ${q(j.name)} t`;
};

/** Its rows in nextcrm_migrate.unmapped (the dangling entries), and a digest of them. */
const unmappedOf = `select count(*) as unmapped, coalesce(sum(hashtextextended(u.id::text || u.data::text, 0)), 0) as unmapped_digest
  from ${UNMAPPED} u where u.table_name = $1`;

/**
 * After a sync: what it read and left, for the next run (see unchangedSince). The ends it found
 * missing are those of every entry with an end missing, a superset of the dangling ones'.
 */
async function record(tx: Queryable, j: JunctionMapping, dangling: number): Promise<number> {
  const [row] = await tx.unsafe<{ pairs: number }[]>(
    `insert into ${SYNCED} as w (junction, staged, last_written, pairs, pairs_digest, dangling, unmapped, unmapped_digest, missing0, missing1)
     select $1, s.staged, s.last_written, p.pairs, p.pairs_digest, $2, u.unmapped, u.unmapped_digest, m.missing0, m.missing1
     from (${stagedOf("_junction_stage")}) s, (${pairsOf(j)}) p, (${unmappedOf}) u,
       (select coalesce(array_agg(distinct c0) filter (where c0 is not null and not e0), '{}') as missing0,
               coalesce(array_agg(distinct c1) filter (where c1 is not null and not e1), '{}') as missing1 from _junction_stage) m
     on conflict (junction) do update set staged = excluded.staged, last_written = excluded.last_written, pairs = excluded.pairs,
       pairs_digest = excluded.pairs_digest, dangling = excluded.dangling, unmapped = excluded.unmapped,
       unmapped_digest = excluded.unmapped_digest, missing0 = excluded.missing0, missing1 = excluded.missing1
     returning w.pairs::int as pairs`,
    [j.name, dangling],
  );
  return row!.pairs;
}

/**
 * The last sync's result, when nothing it read changed since: the stage's rows of `j` (rows are
 * only appended with a larger `written`, or deleted), the junction table and its unmapped rows
 * (a pair or an entry changed by hand), and whether an end it found missing exists now (a
 * document arrived). A row deleted from either table takes its pairs with it (the foreign keys
 * cascade), which the junction's digest shows. Then the sync would insert and delete nothing.
 */
async function unchangedSince(tx: Queryable, j: JunctionMapping): Promise<JunctionResult | null> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  const arrived = (ids: string, table: string) => `exists (select 1 from unnest(w.${ids}) x(id) where ${existsRow(table, "x.id")})`;
  const [row] = await tx.unsafe<{ pairs: number; dangling: number }[]>(
    `select w.pairs::int as pairs, w.dangling from ${SYNCED} w, (${stagedOf(`${STAGE} where junction = $1`)}) s, (${pairsOf(j)}) p, (${unmappedOf}) u
     where w.junction = $1 and (w.staged, w.last_written) is not distinct from (s.staged, s.last_written)
       and (w.pairs, w.pairs_digest) = (p.pairs, p.pairs_digest) and (w.unmapped, w.unmapped_digest) = (u.unmapped, u.unmapped_digest)
       and not ${arrived("missing0", c0.references)} and not ${arrived("missing1", c1.references)}`,
    [j.name],
  );
  return row ? { pairs: row.pairs, inserted: 0, deleted: 0, dangling: row.dangling, unchanged: true } : null;
}
