// `schema check`: the live target against the Drizzle schema.
import type { Sql } from "./connect.js";
import { EXTENSIONS } from "./schemaApply.js";
import { diffSchemas, expectedSchema, liveSchema } from "./schemaModel.js";

export interface CheckResult {
  differences: string[];
  /** Things that are not differences but a user should know (an extension the server lacks). */
  warnings: string[];
}

export async function checkSchema(sql: Sql): Promise<CheckResult> {
  const available = new Set(
    (await sql<{ name: string }[]>`select name from pg_available_extensions`).map((r) => r.name),
  );
  const warnings: string[] = [];
  const wanted = EXTENSIONS.filter((e) => {
    if (available.has(e.name) || e.required) return true;
    warnings.push(`extension ${e.name} is not available on this server (not counted as a difference)`);
    return false;
  }).map((e) => e.name);
  const differences = diffSchemas(expectedSchema(wanted), await liveSchema(sql));
  return { differences, warnings };
}
