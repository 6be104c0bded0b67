// Which referenced rows exist: one `id = any(...)` probe per referenced table per batch.
import type { Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import { referencedTables } from "../map/relations.js";
import type { CollectionMapping } from "../map/types.js";
import type { Exists } from "../transform/document.js";
import { ident } from "../schema/sqlText.js";
import type { Sql } from "./connect.js";
import { isStub } from "./stubs.js";

/**
 * Referenced ids already seen to exist (stubs do not: src/postgres/stubs.ts). Safe to remember: referenced tables are complete before
 * the tables that point at them (foreign-key order) and the migrator never deletes their rows.
 * Bounded, older ids forgotten first, so memory stays flat; lookup tables and users stay hot.
 * At most 50,000 keys (~5 MB) whatever the database size: V8 lets the heap grow to a multiple of
 * the live set before collecting, so every live megabyte costs several at peak.
 */
export class KnownIds {
  // Two generations of per-table sets: when the young one is full it becomes the old one and the
  // old one is dropped. No key is built per lookup (table + id cost a string per reference).
  private young = new Map<string, Set<string>>();
  private old = new Map<string, Set<string>>();
  private youngSize = 0;
  constructor(private readonly limit = 50_000) {}
  has(table: string, id: string): boolean {
    return !!(this.young.get(table)?.has(id) || this.old.get(table)?.has(id));
  }
  add(table: string, id: string): void {
    if (this.has(table, id)) return;
    let set = this.young.get(table);
    if (!set) this.young.set(table, (set = new Set()));
    set.add(id);
    if (++this.youngSize >= this.limit / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngSize = 0;
    }
  }
}

/**
 * Which referenced rows of this batch exist. The answer is the batch's own: an id the cache knew
 * when asked is remembered here, because the cache may forget it while this batch's finds are
 * added (it did, at a million documents: comments failed as naming users that existed).
 */
export async function existingReferences(sql: Sql, mapping: CollectionMapping, docs: Document[], known = new KnownIds()): Promise<Exists> {
  const present = new Map<string, Set<string>>();
  const wanted = new Map<string, Set<string>>();
  const into = (m: Map<string, Set<string>>, table: string, id: string) => {
    let set = m.get(table);
    if (!set) m.set(table, (set = new Set()));
    set.add(id);
  };
  for (const [field, tables] of referencedTables(mapping)) {
    for (const doc of docs) {
      const v = doc[field];
      if (!isObjectIdLike(v)) continue;
      const id = uuidFor(v);
      for (const t of tables) into(known.has(t, id) ? present : wanted, t, id);
    }
  }
  await Promise.all(
    [...wanted].map(async ([table, ids]) => {
      const rows = await sql.unsafe<{ id: string }[]>(
        `select id from ${ident(table)} t where id = any($1::uuid[]) and not ${isStub(table, "t")}`,
        [[...ids]],
      );
      for (const r of rows) into(present, table, r.id);
    }),
  );
  for (const [table, ids] of present) for (const id of ids) known.add(table, id);
  return (table, uuid) => present.get(table)?.has(uuid) ?? false;
}
