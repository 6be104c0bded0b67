// The repairs a row carries (nextcrm_migrate.unmapped, data.repaired), for a retry that must undo
// those made because a referenced document was missing, once it is there.
import type { Repair } from "../map/types.js";
import type { Sql } from "./connect.js";
import { UNMAPPED } from "./schemaModel.js";

/** The repair kinds a reference's target decides: they change once the document it names exists. */
export const REFERENCE_REPAIRS: readonly Repair["kind"][] = ["danglingToNull", "stub", "redirect"];

/** The repair kinds an unmapped row (alias `u`) lists, as a text[] expression; null without repairs. */
export const repairKindsOf = (u: string) =>
  `case when ${u}.data ? 'repaired' then array(select e.value->>'kind' from jsonb_each(${u}.data->'repaired') e) end`;

/**
 * The rows of `table` with a reference repair whose original value names one of `moved` (the
 * documents a retry just moved, by name): each document's name and every repair kind it carries.
 * The original is kept as canonical Extended JSON: an ObjectId as `{"$oid": hex}`, a string as it is.
 */
export async function referenceRepaired(
  sql: Sql,
  table: string,
  moved: ReadonlySet<string>,
): Promise<{ mongoId: string; kinds: string[] }[]> {
  if (!moved.size) return [];
  return sql.unsafe<{ mongoId: string; kinds: string[] }[]>(
    `select u.mongo_id as "mongoId", ${repairKindsOf("u")} as kinds
     from ${UNMAPPED} u
     where u.table_name = $1 and u.data ? 'repaired'
       and exists (select 1 from jsonb_each(u.data->'repaired') e
                   where e.value->>'kind' = any($2::text[])
                     and lower(coalesce(e.value->'original'->>'$oid', e.value->>'original')) = any($3::text[]))`,
    [table, [...REFERENCE_REPAIRS], [...moved]],
  );
}
