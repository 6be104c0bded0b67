// Table order from the foreign-key graph of the schema (through the map), not a hand list.
import type { CollectionMapping, JunctionMapping } from "../map/types.js";
import { referencedTables } from "../target/references.js";

/** The other collections a collection's columns may point at, redirect targets included. */
export const tableDependencies = (c: CollectionMapping): string[] =>
  [...new Set([...referencedTables(c).values()].flat())].filter((t) => t !== c.collection);

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
export const junctionReady = (j: JunctionMapping, doneTables: ReadonlySet<string>) =>
  j.columns.every((c) => doneTables.has(c.references)) && j.sides.every((s) => doneTables.has(s.collection));

/** Read by a running table after each batch: true once it should stop where it stands. */
export interface StopSignal {
  readonly requested: boolean;
}

/**
 * Runs `run` for every table not in `done`, `lanes` at a time, each only once every table it
 * references (among `tables`) is in `done`: `run` adds its table there when it finished it. A
 * table's reference probe then sees every row it may point at, as in a run of one table at a
 * time. Nothing new starts once `halted()` holds or a table failed; a failure is thrown after
 * the running tables have stopped, which their `stop` tells them to do after their batch.
 */
export async function runByDependencies(
  tables: readonly CollectionMapping[],
  done: Set<string>,
  lanes: number,
  run: (c: CollectionMapping, stop: StopSignal) => Promise<void>,
  halted: () => boolean,
): Promise<void> {
  const among = new Set(tables.map((c) => c.collection));
  const waiting = tables.filter((c) => !done.has(c.collection));
  const dependencies = new Map(waiting.map((c) => [c, tableDependencies(c).filter((d) => among.has(d))]));
  const ready = (c: CollectionMapping) => dependencies.get(c)!.every((d) => done.has(d));
  let failed = false;
  let running = 0;
  const stop: StopSignal = { get requested() { return failed || halted(); } };
  let sleepers: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of sleepers) wake();
    sleepers = [];
  };
  const lane = async () => {
    try {
      while (!stop.requested && waiting.length) {
        const i = waiting.findIndex(ready);
        if (i < 0) {
          if (!running) throw new Error(`no table can start: ${waiting.map((c) => c.collection).join(", ")} wait for tables that did not finish`);
          await new Promise<void>((r) => sleepers.push(r));
          continue;
        }
        const [c] = waiting.splice(i, 1);
        running++;
        try {
          await run(c!, stop);
        } finally {
          running--;
          wakeAll();
        }
      }
    } catch (e) {
      failed = true;
      wakeAll();
      throw e;
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: lanes }, lane));
  for (const s of settled) if (s.status === "rejected") throw s.reason;
}
