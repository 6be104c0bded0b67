// Layer 4: what the column types do not already guarantee, and the live schema against Drizzle.
import { getTableName } from "drizzle-orm";
import { getTableConfig } from "drizzle-orm/pg-core";
import { dataTables } from "../map/collections.js";
import { ident } from "../schema/sqlText.js";
import type { Sql } from "../postgres/connect.js";
import { countOf } from "../postgres/query.js";
import { checkSchema } from "../postgres/schemaCheck.js";

export interface TypeIssue {
  table: string;
  column: string;
  problem: string;
  count: number;
  /** Warnings are reported, not failed: real CRMs hold odd but valid values. */
  severity: "error" | "warning";
}

/** Dates outside this window are legal but worth a look (typed 1900 for 2000, epoch zero, ...). */
const PLAUSIBLE = ["1900-01-01", "2200-01-01"] as const;

export async function validateTypes(sql: Sql): Promise<{ schemaDifferences: string[]; issues: TypeIssue[] }> {
  // The tool's working tables hold no data the user migrates for: dropping one after the cutover
  // (README) must not fail a validation.
  const { differences } = await checkSchema(sql, { skipWorkingTables: true });
  const issues: TypeIssue[] = [];
  for (const table of dataTables) {
    const name = getTableName(table);
    for (const c of getTableConfig(table).columns) {
      const type = c.getSQLType();
      let where: string | undefined;
      let problem = "";
      let severity: TypeIssue["severity"] = "error";
      if (type.endsWith("[]")) {
        where = `array_position(${ident(c.name)}, null) is not null or array_ndims(${ident(c.name)}) > 1`;
        problem = "array holds NULL elements or more than one dimension";
      } else if (type.startsWith("timestamp")) {
        where = `${ident(c.name)} < '${PLAUSIBLE[0]}' or ${ident(c.name)} >= '${PLAUSIBLE[1]}'`;
        problem = `date outside ${PLAUSIBLE[0]}..${PLAUSIBLE[1]}`;
        severity = "warning";
      } else if (type === "jsonb") {
        where = `jsonb_typeof(${ident(c.name)}) is null and ${ident(c.name)} is not null`;
        problem = "jsonb value without a JSON type";
      }
      if (!where) continue;
      const n = await countOf(sql, `select count(*)::int as n from ${ident(name)} where ${where}`);
      if (n) issues.push({ table: name, column: c.name, problem, count: n, severity });
    }
  }
  return { schemaDifferences: differences, issues };
}
