// Table order from the foreign-key graph of the schema (through the map), not a hand list.
import type { CollectionMapping, JunctionMapping } from "../map/types.js";

/** Collections so that every referenced table comes before the tables that reference it. */
export function migrationOrder(collections: readonly CollectionMapping[]): CollectionMapping[] {
  const byName = new Map(collections.map((c) => [c.collection, c]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: CollectionMapping[] = [];
  const visit = (c: CollectionMapping) => {
    if (done.has(c.collection)) return;
    if (visiting.has(c.collection)) throw new Error(`foreign-key cycle through ${c.collection}`);
    visiting.add(c.collection);
    for (const f of c.columns) {
      const targets = [f.references, ...f.repairs.map((r) => (r.kind === "redirect" ? r.when : undefined))];
      for (const t of targets) {
        const dep = t && t !== c.collection ? byName.get(t) : undefined;
        if (dep) visit(dep);
      }
    }
    visiting.delete(c.collection);
    done.add(c.collection);
    out.push(c);
  };
  for (const c of collections) visit(c);
  return out;
}

/** A junction can sync once every table it joins or reads arrays from is done. */
export const junctionReady = (j: JunctionMapping, doneTables: ReadonlySet<string>) =>
  j.columns.every((c) => doneTables.has(c.references)) && j.sides.every((s) => doneTables.has(s.collection));
