// Syncs one junction as a unit: both sides' arrays stream (ids only) into a staging table, then
// set-based statements insert the missing pairs whose two ends exist, delete the pairs no array
// holds any more, and keep the entries that point at missing documents in nextcrm_migrate.unmapped.
import type { Db } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { JunctionMapping } from "../map/types.js";
import { READ_OPTIONS } from "../source/read.js";
import { ident as q } from "../schema/sqlText.js";
import type { Sql } from "./connect.js";
import { UNMAPPED } from "./schemaModel.js";
import { STAGE, STAGED_ELEMENT } from "./stage.js";
import { isStub } from "./stubs.js";

export interface JunctionResult {
  /** Distinct pairs in the junction after the sync. */
  pairs: number;
  inserted: number;
  deleted: number;
  /** Array entries whose document does not exist (kept in nextcrm_migrate.unmapped). */
  dangling: number;
}


/**
 * Streams both sides' arrays of `j` (ids only) into the temp table `_junction_stage` as
 * (c0, c1) in the junction's column order: the sampled validator's own read of the source,
 * independent of the migrator's stage. An entry that is no ObjectId has a null end.
 */
export async function stageJunction(tx: Sql, db: Db, j: JunctionMapping, batchSize: number): Promise<void> {
  const c0 = j.columns[0]!;
  await tx.unsafe(`create temp table _junction_stage (c0 uuid, c1 uuid) on commit drop`);
  // Inserts, not COPY: postgres.js never settles a COPY whose error arrives after end(), and a
  // MongoDB error mid-COPY would leave the connection unable to roll back.
  const flush = async (pairs: { c0: string | null; c1: string | null }[]) => {
    if (pairs.length) await tx.unsafe(`insert into _junction_stage select c0, c1 from json_populate_recordset(null::_junction_stage, $1::text::json)`, [JSON.stringify(pairs)]);
  };
  for (const side of j.sides) {
    const selfFirst = side.field.selfColumn === c0.name;
    const cursor = db
      .collection(side.collection)
      .find({ [side.field.field]: { $exists: true } }, { ...READ_OPTIONS, projection: { _id: 1, [side.field.field]: 1 }, batchSize });
    let pairs: { c0: string | null; c1: string | null }[] = [];
    for await (const doc of cursor) {
      const arr = doc[side.field.field];
      if (!Array.isArray(arr) || arr.length === 0) continue;
      const owner = uuidFor(doc._id);
      for (const e of arr) {
        const other = isObjectIdLike(e) ? uuidFor(e) : null;
        pairs.push(selfFirst ? { c0: owner, c1: other } : { c0: other, c1: owner });
      }
      if (pairs.length >= batchSize) {
        await flush(pairs);
        pairs = [];
      }
    }
    await flush(pairs);
  }
}

/**
 * Syncs `j` from the arrays the entity pass staged (src/target/stage.ts); the validator stages
 * straight from MongoDB with stageJunction instead, to stay independent of the migrator.
 */
export async function syncJunction(sql: Sql, j: JunctionMapping): Promise<JunctionResult> {
  const [c0, c1] = j.columns as [{ name: string; references: string }, { name: string; references: string }];
  return sql.begin(async (tx) => {
    // Whether each end exists is asked once per entry, here, for both the pairs and the dangling.
    await tx.unsafe(`create temp table _junction_stage on commit drop as
      select s.c0, s.c1, s.side, s.owner, s.owner_mongo, s.element, s.oid,
        s.c0 is not null and exists (select 1 from ${q(c0.references)} x where x.id = s.c0 and not ${isStub(c0.references, "x")}) as e0,
        s.c1 is not null and exists (select 1 from ${q(c1.references)} y where y.id = s.c1 and not ${isStub(c1.references, "y")}) as e1
      from ${STAGE} s where s.junction = $1`, [j.name]);
    // Temp tables get no autovacuum statistics; the anti-joins below need real row counts.
    await tx.unsafe(`analyze _junction_stage`);
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
      from (select s.owner, s.owner_mongo, ${fieldName} as field, jsonb_agg(${STAGED_ELEMENT}) as elements, count(*) as n
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
    const [{ dangling }] = (await tx.unsafe(`select coalesce(sum(n), 0)::int as dangling from _junction_dangling`)) as unknown as [{ dangling: number }];
    const [{ pairs }] = (await tx.unsafe(`select count(*)::int as pairs from ${q(j.name)}`)) as unknown as [{ pairs: number }];
    return { pairs, inserted: inserted.count, deleted: deleted.count, dangling };
  }) as Promise<JunctionResult>;
}
