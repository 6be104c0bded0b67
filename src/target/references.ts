// Which referenced rows exist: one `id = any(...)` probe per referenced table per batch.
import type { Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import type { Exists } from "../transform/document.js";
import type { Sql } from "./connect.js";

/** Tables a collection's columns may point at, including redirect targets. */
export function referencedTables(mapping: CollectionMapping): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const f of mapping.columns) {
    if (!f.references) continue;
    const tables = [f.references];
    for (const r of f.repairs) if (r.kind === "redirect") tables.push(r.when);
    byField.set(f.field, tables);
  }
  return byField;
}

export async function existingReferences(sql: Sql, mapping: CollectionMapping, docs: Document[]): Promise<Exists> {
  const wanted = new Map<string, Set<string>>();
  for (const [field, tables] of referencedTables(mapping)) {
    for (const doc of docs) {
      const v = doc[field];
      if (!isObjectIdLike(v)) continue;
      const id = uuidFor(v);
      for (const t of tables) {
        let set = wanted.get(t);
        if (!set) wanted.set(t, (set = new Set()));
        set.add(id);
      }
    }
  }
  const found = new Map<string, Set<string>>();
  await Promise.all(
    [...wanted].map(async ([table, ids]) => {
      const rows = await sql.unsafe<{ id: string }[]>(`select id from "${table}" where id = any($1::uuid[])`, [[...ids]]);
      found.set(table, new Set(rows.map((r) => r.id)));
    }),
  );
  return (table, uuid) => found.get(table)?.has(uuid) ?? false;
}
