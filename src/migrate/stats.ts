// The one owner of a run's counts. Per table: read = migrated + repaired + failed, each document
// counted once in the whole migration, whatever was resumed, retried or read again: a document is
// read once, and holds one outcome, its last. The totals are the sum of the tables
// (src/migrate/checkpoint.ts, totalsOf), never counted beside them.
import type { CheckpointData, TableState } from "./checkpoint.js";

/** A table's numbers: saved in the checkpoint, and reported with its size, time and repairs by kind. */
export interface TableStats extends TableState {
  /** The source's document count (approximate: for progress). */
  total: number;
  ms: number;
  repairs: Record<string, number>;
  /** Of the migrated and the repaired, those this run found unchanged since a run wrote them, and left as they were. */
  unchanged: number;
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
    return (this.tables[name] ??= Object.assign(state, {
      total,
      ms: 0,
      repairs: {} as Record<string, number>,
      unchanged: 0,
    }) as TableStats);
  }

  /** `n` documents read for the first time in the migration, whose outcomes follow. */
  read(st: TableStats, n: number): void {
    st.read += n;
  }

  /**
   * A document that committed, with its repairs' kinds (or none), and its checkpoint id. One that
   * had failed before (a retry, or a resume that read it again after the source was fixed) leaves
   * the failed list: its outcome is this one.
   */
  committed(table: string, st: TableStats, id: () => string, repairKinds: readonly string[]): void {
    // The id is computed only for a table with failures: almost every document commits, once.
    if (this.idsOf(table).size && this.unlist(table, [id()])) st.failed--;
    if (!repairKinds.length) st.migrated++;
    else {
      st.repaired++;
      for (const kind of repairKinds) st.repairs[kind] = (st.repairs[kind] ?? 0) + 1;
    }
  }

  /**
   * A document unchanged since a run committed it (src/postgres/rowHash.ts): counted as it was
   * then, migrated or repaired with the repairs its row holds.
   */
  unchanged(table: string, st: TableStats, id: () => string, repairKinds: readonly string[]): void {
    this.committed(table, st, id, repairKinds);
    st.unchanged++;
  }

  /**
   * A document that failed, by its checkpoint id. False when it is listed already: a checkpoint
   * saved after it failed and before its batch committed (a junction sync saves whenever it ends)
   * lets a resume read it, and fail it, again; it counts once.
   */
  failed(table: string, st: TableStats, id: string): boolean {
    const ids = this.idsOf(table);
    if (ids.has(id)) return false;
    ids.add(id);
    (this.cp.failed[table] ??= []).push(id);
    st.failed++;
    return true;
  }

  /**
   * A document that committed with `repairKinds` before, read again by a retry: that outcome no
   * longer stands; the new one is counted as it commits or fails. (Repairs by kind count this run's
   * outcomes, so they are not taken back.)
   */
  reread(st: TableStats, repairKinds: readonly string[]): void {
    if (repairKinds.length) st.repaired--;
    else st.migrated--;
  }

  /** Failed documents a retry no longer finds at the source: they leave the migration. */
  gone(table: string, st: TableStats, ids: readonly string[]): void {
    const n = this.unlist(table, ids);
    st.failed -= n;
    st.read -= n;
  }

  /** The table's failed list as it stands. */
  failedIds(table: string): readonly string[] {
    return this.cp.failed[table] ?? [];
  }

  /** Takes `ids` off the table's failed list; how many were on it. */
  private unlist(table: string, ids: readonly string[]): number {
    const listed = this.idsOf(table);
    const leaving = ids.filter((id) => listed.has(id));
    if (!leaving.length) return 0;
    for (const id of leaving) listed.delete(id);
    this.cp.failed[table] = (this.cp.failed[table] ?? []).filter((id) => listed.has(id));
    return leaving.length;
  }

  private idsOf(table: string): Set<string> {
    let ids = this.listed.get(table);
    if (!ids) this.listed.set(table, (ids = new Set(this.cp.failed[table] ?? [])));
    return ids;
  }
}
