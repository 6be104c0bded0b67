// Syncs one junction as a unit: both sides' arrays stream (ids only) into a staging table, then
// set-based statements insert the missing pairs whose two ends exist, delete the pairs no array
// holds any more, and keep the entries that point at missing documents in nextcrm_migrate.unmapped.
import { MigrateError } from "../errors.js";
import type { JunctionMapping } from "../map/types.js";
import { ident as q } from "../schema/sqlText.js";
import type { Sql } from "./connect.js";
import { countOf } from "./query.js";
import { UNMAPPED } from "./schemaModel.js";
import { STAGE, STAGED_ELEMENT, stageIntact } from "./stage.js";
import { isStub } from "./stubs.js";

export interface JunctionResult {
  /** Distinct pairs in the junction after the sync. */
  pairs: number;
  inserted: number;
  deleted: number;
  /** Array entries whose document does not exist (kept in nextcrm_migrate.unmapped). */
  dangling: number;
}

const STAGE_LOST =
  "PostgreSQL went through crash recovery or a failover during the run, which emptied the migrator's working table nextcrm_migrate.junction_stage; the junction tables not yet synced were left as they were. Run the same command again: it reads the tables again and finishes them";

/**
 * Syncs `j` from the arrays the entity pass staged (src/postgres/stage.ts); the validator reads
 * them straight from MongoDB instead (src/mongo/arrays.ts), to stay independent of the migrator.
 */
export async function syncJunction(sql: Sql, j: JunctionMapping): Promise<JunctionResult> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  return sql.begin(async (tx) => {
    // After crash recovery or a failover since the run began, what the tables staged before is
    // gone, and a sync of what is left would delete their pairs.
    if (!(await stageIntact(tx))) throw new MigrateError("SERVER", STAGE_LOST);
    // Whether each end exists is asked once per entry, here, for both the pairs and the dangling.
    await tx.unsafe(`create temp table _junction_stage on commit drop as
      select s.c0, s.c1, s.side, s.owner, s.owner_mongo, s.element, s.oid, s.pos,
        s.c0 is not null and exists (select 1 from ${q(c0.references)} x where x.id = s.c0 and not ${isStub(c0.references, "x")}) as e0,
        s.c1 is not null and exists (select 1 from ${q(c1.references)} y where y.id = s.c1 and not ${isStub(c1.references, "y")}) as e1
      from ${STAGE} s where s.junction = $1`, [j.name]);
    // Temp tables get no autovacuum statistics; the anti-joins below need real row counts. Only
    // the columns they join and filter on: the others took two thirds of the time.
    await tx.unsafe(`analyze _junction_stage (c0, c1, side, e0, e1)`);
    const inserted = await tx.unsafe(`insert into ${q(j.name)} (${q(c0.name)}, ${q(c1.name)})
      select distinct s.c0, s.c1 from _junction_stage s where s.e0 and s.e1
      on conflict do nothing`);
    const deleted = await tx.unsafe(`delete from ${q(j.name)} t
      where not exists (select 1 from _junction_stage s where s.c0 = t.${q(c0.name)} and s.c1 = t.${q(c1.name)})`);
    // An entry dangles when its owner exists but the document it names does not.
    const sideCases = j.sides
      .map((side, i) => (side.field.selfColumn === c0.name ? `(s.side = ${i} and s.e0 and not s.e1)` : `(s.side = ${i} and s.e1 and not s.e0)`))
      .join(" or ");
    const fieldName = `(array[${j.sides.map((s) => `'${s.field.field}'`).join(", ")}])[s.side + 1]`;
    await tx.unsafe(`create temp table _junction_dangling on commit drop as
      select f.owner as id, min(f.owner_mongo) as mongo_id,
        jsonb_object_agg(f.field, f.elements) as data, sum(f.n)::int as n
      from (select s.owner, s.owner_mongo, ${fieldName} as field, jsonb_agg(${STAGED_ELEMENT} order by s.pos) as elements, count(*) as n
            from _junction_stage s where ${sideCases} group by s.owner, s.owner_mongo, s.side) f
      group by f.owner`);
    await tx.unsafe(
      `insert into ${UNMAPPED} as u (table_name, id, mongo_id, data)
       select $1, id, mongo_id, jsonb_build_object('dangling', data) from _junction_dangling
       on conflict (table_name, id) do update set mongo_id = excluded.mongo_id, data = excluded.data
       where (u.mongo_id, u.data) is distinct from (excluded.mongo_id, excluded.data)`,
      [j.name],
    );
    await tx.unsafe(
      `delete from ${UNMAPPED} u where u.table_name = $1 and not exists (select 1 from _junction_dangling d where d.id = u.id)`,
      [j.name],
    );
    const dangling = await countOf(tx, `select coalesce(sum(n), 0)::int as n from _junction_dangling`);
    const pairs = await countOf(tx, `select count(*)::int as n from ${q(j.name)}`);
    return { pairs, inserted: inserted.count, deleted: deleted.count, dangling };
  }) as Promise<JunctionResult>;
}
