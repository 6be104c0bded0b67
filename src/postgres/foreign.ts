// Rows a target holds that no source document accounts for: NextCRM's own seed and sign-up rows
// in a database it ran on before the migration. The difference is taken in PostgreSQL, against the
// source's UUIDs loaded into a temporary table, so that memory does not grow with the data.
import { ident } from "../schema/sqlText.js";
import type { Sql } from "./connect.js";
import { countOf } from "./query.js";
import { isStub } from "./stubs.js";

/** Rows of `table` that are not stubs (src/postgres/stubs.ts). */
const ownRowsSql = (table: string) => `select count(*)::int as n from ${ident(table)} t where not ${isStub(table, "t")}`;

/**
 * How many rows of `table` (stubs aside) have an id that is no UUID of `sourceIds`. Only reads:
 * the temporary table goes with the transaction. A table without rows costs one count, and so
 * does one that holds exactly `written` rows, the count a finished run of this tool left there.
 */
export async function rowsWithoutSource(
  sql: Sql,
  table: string,
  sourceIds: () => AsyncIterable<string[]>,
  written?: number,
): Promise<number> {
  const rows = await countOf(sql, ownRowsSql(table));
  if (rows === 0 || rows === written) return 0;
  return (await sql.begin(async (tx) => {
    await tx.unsafe(`create temp table _source_ids (id uuid primary key) on commit drop`);
    for await (const ids of sourceIds()) {
      await tx.unsafe(`insert into _source_ids select unnest($1::uuid[]) on conflict do nothing`, [ids]);
    }
    await tx.unsafe(`analyze _source_ids`);
    return countOf(
      tx,
      `select count(*)::int as n from ${ident(table)} t where not exists (select 1 from _source_ids s where s.id = t.id) and not ${isStub(table, "t")}`,
    );
  })) as number;
}
