// Table order from the foreign-key graph of the schema (through the map), not a hand list.
import { tablesReadBy, tablesReferencedBy } from "../map/relations.js";
import type { CollectionMapping, JunctionMapping } from "../map/types.js";
import { lanes, WAIT, type StopSignal } from "../lanes.js";

/** The other collections a collection's columns may point at, redirect targets included. */
export const tableDependencies = (c: CollectionMapping): string[] => tablesReferencedBy(c).filter((t) => t !== c.collection);

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
    for (const t of tableDependencies(c)) {
      const dep = byName.get(t);
      if (dep) visit(dep);
    }
    visiting.delete(c.collection);
    done.add(c.collection);
    out.push(c);
  };
  for (const c of collections) visit(c);
  return out;
}

/** A junction can sync once every table it joins or reads arrays from is done. */
export const junctionReady = (j: JunctionMapping, doneTables: ReadonlySet<string>) => tablesReadBy(j).every((t) => doneTables.has(t));

/**
 * Runs `run` for every table not in `done`, `n` lanes at a time, each only once every table it
 * references (among `tables`) is in `done`: `run` adds its table there when it finished it. A
 * table's reference probe then sees every row it may point at, as in a run of one table at a
 * time. Nothing new starts once `halted()` holds or a table failed; a failure is thrown after
 * the running tables have stopped, which their `stop` tells them to do after their batch.
 */
export function runByDependencies(
  tables: readonly CollectionMapping[],
  done: Set<string>,
  n: number,
  run: (c: CollectionMapping, stop: StopSignal) => Promise<void>,
  halted: () => boolean,
): Promise<void> {
  const among = new Set(tables.map((c) => c.collection));
  const waiting = tables.filter((c) => !done.has(c.collection));
  const dependencies = new Map(waiting.map((c) => [c, tableDependencies(c).filter((d) => among.has(d))]));
  const ready = (c: CollectionMapping) => dependencies.get(c)!.every((d) => done.has(d));
  const take = (running: number) => {
    if (!waiting.length) return undefined;
    const i = waiting.findIndex(ready);
    if (i >= 0) return waiting.splice(i, 1)[0];
    if (!running) throw new Error(`no table can start: ${waiting.map((c) => c.collection).join(", ")} wait for tables that did not finish`);
    return WAIT;
  };
  return lanes(n, take, run, halted);
}
