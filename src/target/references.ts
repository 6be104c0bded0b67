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

/**
 * Referenced ids already seen to exist. Safe to remember: referenced tables are complete before
 * the tables that point at them (foreign-key order) and the migrator never deletes their rows.
 * Bounded, oldest forgotten first, so memory stays flat; lookup tables and users stay hot.
 * At most 50,000 keys (~5 MB) whatever the database size: V8 lets the heap grow to a multiple of
 * the live set before collecting, so every live megabyte costs several at peak.
 */
export class KnownIds {
  private readonly ids = new Map<string, true>();
  constructor(private readonly limit = 50_000) {}
  has(table: string, id: string): boolean {
    return this.ids.has(table + id);
  }
  add(table: string, id: string): void {
    const key = table + id;
    if (this.ids.has(key)) return;
    this.ids.set(key, true);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.keys().next().value!);
  }
}

export async function existingReferences(sql: Sql, mapping: CollectionMapping, docs: Document[], known = new KnownIds()): Promise<Exists> {
  const wanted = new Map<string, Set<string>>();
  for (const [field, tables] of referencedTables(mapping)) {
    for (const doc of docs) {
      const v = doc[field];
      if (!isObjectIdLike(v)) continue;
      const id = uuidFor(v);
      for (const t of tables) {
        if (known.has(t, id)) continue;
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
      for (const r of rows) known.add(table, r.id);
    }),
  );
  return (table, uuid) => known.has(table, uuid) || (found.get(table)?.has(uuid) ?? false);
}
