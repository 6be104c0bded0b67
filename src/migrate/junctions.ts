// Junction scheduling: a junction syncs as soon as both its tables are done, while the next
// tables are read (the sync touches only its junction table, its own nextcrm_migrate.unmapped
// rows and its staged rows); without this, PostgreSQL would work alone while MongoDB waits.
import { JUNCTION_SYNCS } from "../defaults.js";
import type { JunctionMapping } from "../map/types.js";
import type { Sql } from "../postgres/connect.js";
import { syncJunction, type JunctionResult } from "../postgres/junctionSync.js";
import type { CheckpointData } from "./checkpoint.js";
import type { MigrationEvents } from "./events.js";
import { lanes, type StopSignal } from "../lanes.js";
import { junctionReady } from "./order.js";
import { withRetry } from "./retry.js";

export class JunctionSyncs {
  readonly results: Record<string, JunctionResult> = {};
  private background: Promise<void> = Promise.resolve();
  private error: unknown;

  constructor(
    private readonly sql: Sql,
    private readonly junctions: readonly JunctionMapping[],
    private readonly cp: CheckpointData,
    private readonly ev: MigrationEvents,
    /** Saves the checkpoint (each synced junction is a unit of resume). */
    private readonly save: () => Promise<void>,
    private readonly stop: StopSignal,
  ) {}

  /** A background sync failed: the tables should stop after their batch. */
  get failed(): boolean {
    return this.error !== undefined;
  }

  /**
   * Syncs every junction not yet done whose tables are in `done`, JUNCTION_SYNCS at a time: each
   * is one PostgreSQL backend's work, and the last ones (all those of Documents) would otherwise
   * leave the second core idle. Every sync has stopped before a failure is thrown.
   */
  syncReady(done: ReadonlySet<string>): Promise<void> {
    const ready = this.junctions.filter((j) => !this.cp.junctions[j.name]?.done && junctionReady(j, done));
    return lanes(
      JUNCTION_SYNCS,
      () => ready.shift(),
      (j) => this.sync(j),
      () => this.stop.requested,
    );
  }

  /** syncReady behind the running tables; a failure is kept for rethrow(). */
  inBackground(done: ReadonlySet<string>): void {
    this.background = this.background.then(() => (this.failed ? undefined : this.syncReady(done))).catch((e) => void (this.error ??= e));
  }

  /** Resolves once the background syncs have stopped (it never rejects: see rethrow). */
  idle(): Promise<void> {
    return this.background;
  }

  /** Throws the first failure of the background syncs, if there was one. */
  rethrow(): void {
    if (this.failed) throw this.error;
  }

  private async sync(j: JunctionMapping): Promise<void> {
    this.ev.junctionStart?.(j.name);
    const r = await withRetry("PostgreSQL", () => syncJunction(this.sql, j), this.ev.warning);
    this.cp.junctions[j.name] = { done: true, pairs: r.pairs };
    this.results[j.name] = r;
    await this.save();
    this.ev.junctionDone?.(j.name, r);
  }
}
