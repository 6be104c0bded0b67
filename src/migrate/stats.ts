// The one owner of a run's counts. Per table: read = migrated + repaired + failed, each document
// counted once in the whole migration, whatever was resumed, retried or read again; the totals
// are the sum of the tables (src/migrate/checkpoint.ts, totalsOf), never counted beside them.
import type { CheckpointData, TableState } from "./checkpoint.js";

/** A table's numbers: saved in the checkpoint, and reported with its size, time and repairs by kind. */
export interface TableStats extends TableState {
  /** The source's document count (approximate: for progress). */
  total: number;
  ms: number;
  repairs: Record<string, number>;
}

export class Stats {
  readonly tables: Record<string, TableStats> = {};
  /** The ids in each table's failed list, for a document that fails again after a resume. */
  private readonly listed = new Map<string, Set<string>>();

  constructor(private readonly cp: CheckpointData) {}

  /** The table's numbers, from the checkpoint when a run before this one began it. */
  table(name: string, total: number): TableStats {
    const state = (this.cp.tables[name] ??= { cursor: null, read: 0, migrated: 0, repaired: 0, failed: 0, done: false });
    // One object: what the checkpoint saves is what the report shows.
    return (this.tables[name] ??= Object.assign(state, { total, ms: 0, repairs: {} as Record<string, number> }) as TableStats);
  }

  /** `n` documents read whose outcome follows (migrated, repaired or failed). */
  read(st: TableStats, n: number): void {
    st.read += n;
  }

  /** A document that committed: with its repairs' kinds, or none. */
  committed(st: TableStats, repairKinds: readonly string[]): void {
    if (!repairKinds.length) st.migrated++;
    else {
      st.repaired++;
      for (const kind of repairKinds) st.repairs[kind] = (st.repairs[kind] ?? 0) + 1;
    }
  }

  /**
   * A document that failed, by its checkpoint id. False when it is listed already: a checkpoint
   * saved after it failed and before its batch committed (a junction sync saves whenever it ends)
   * lets a resume read it, and fail it, again; it counts once.
   */
  failed(table: string, st: TableStats, id: string): boolean {
    const list = (this.cp.failed[table] ??= []);
    const ids = this.idsOf(table);
    if (ids.has(id)) return false;
    ids.add(id);
    list.push(id);
    st.failed++;
    return true;
  }

  /**
   * The failed documents of `table` about to be read again: they leave its failed list and its
   * counts, and are counted again by what becomes of them. One that is gone from the source
   * leaves the migration.
   */
  retrying(table: string, st: TableStats): string[] {
    const ids = this.cp.failed[table] ?? [];
    this.cp.failed[table] = [];
    this.listed.delete(table);
    st.failed -= ids.length;
    st.read -= ids.length;
    return ids;
  }

  private idsOf(table: string): Set<string> {
    let ids = this.listed.get(table);
    if (!ids) this.listed.set(table, (ids = new Set(this.cp.failed[table] ?? [])));
    return ids;
  }
}
