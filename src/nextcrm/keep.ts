// The keep phase: what NextCRM's upgrade will drop or overwrite, copied into the tool's own schema
// at the end of a migration, where the upgrade never looks (docs/ARCHITECTURE.md, "Today's
// NextCRM"). A copy of the migrated rows, made again by every run, so it always matches them.
import type { Sql } from "../postgres/connect.js";
import { UPGRADE_KEPT } from "../postgres/schemaModel.js";
import { ident } from "../schema/sqlText.js";
import { DROPPED_TABLES, LOST_COLUMNS } from "./today.js";

/** One table's part of the copy: a whole row, or the columns the upgrade loses. */
export interface KeptPart {
  table: string;
  /** SQL of the jsonb kept per row, over the table as `t`. */
  data: string;
  /** SQL: the rows worth keeping. */
  where: string;
}

/** Every part, from the facts: the dropped tables whole, the others' lost columns. */
export const KEPT_PARTS: readonly KeptPart[] = [
  ...DROPPED_TABLES.map(({ table }) => ({ table, data: "to_jsonb(t)", where: "true" })),
  ...LOST_COLUMNS.map(({ table, columns, everyRow }) => ({
    table,
    data: `jsonb_build_object(${columns.map((c) => `'${c}', t.${ident(c)}`).join(", ")})`,
    where: everyRow ? "true" : columns.map((c) => `t.${ident(c)} is not null`).join(" or "),
  })),
];

/**
 * Copies the parts of `tables` (those a run covered), each in a transaction of its own: rows
 * changed since the last copy are updated, rows gone are removed. Returns the rows kept per table.
 */
export async function keepForUpgrade(sql: Sql, tables: readonly string[]): Promise<{ table: string; rows: number }[]> {
  const kept: { table: string; rows: number }[] = [];
  for (const p of KEPT_PARTS.filter((x) => tables.includes(x.table))) {
    const rows = await sql.begin(async (tx) => {
      await tx.unsafe(
        `insert into ${UPGRADE_KEPT} as k (table_name, id, data)
         select $1, t.id, ${p.data} from ${ident(p.table)} t where ${p.where}
         on conflict (table_name, id) do update set data = excluded.data where k.data is distinct from excluded.data`,
        [p.table],
      );
      await tx.unsafe(
        `delete from ${UPGRADE_KEPT} k where k.table_name = $1
         and not exists (select 1 from ${ident(p.table)} t where t.id = k.id and (${p.where}))`,
        [p.table],
      );
      const [r] = await tx.unsafe<{ n: number }[]>(`select count(*)::int as n from ${UPGRADE_KEPT} where table_name = $1`, [p.table]);
      return r!.n;
    });
    kept.push({ table: p.table, rows });
  }
  return kept;
}
