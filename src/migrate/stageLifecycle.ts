// What a migration does with the junction stage (src/postgres/stage.ts), table by table
// (docs/ARCHITECTURE.md, "Junctions"). A table's stage is, in this run:
// - fresh: the stage was created or emptied when the run began; nothing in it to clear or settle.
// - cleared: a table without hashes read from its start stages every document anew; what it
//   staged before goes at its start.
// - kept: a table with hashes, or resumed: its unchanged documents keep what they staged.
// - superseding: the stage may hold older versions of what the table stages now (kept, a commit
//   retried after its connection went, or a retry): each document stages a marker when it has no
//   entry, so that the older versions can go.
// - unsettled: superseding and staged over, or resumed: it may hold two versions of a document,
//   and is settled (its older versions and the markers deleted) once the table is done.
// - retrying (--retry-failed, for the whole run): every table is superseding.
// The rows deleted are vacuumed away once the run's tables are done or stopped.
import type { CollectionMapping } from "../map/types.js";
import type { Queryable, Sql } from "../postgres/connect.js";
import { clearStage, settleStage, stageBatch, vacuumStage } from "../postgres/stage.js";
import type { Document } from "mongodb";
import type { MigrationEvents } from "./events.js";
import { withRetry } from "./retry.js";
import type { TableStats } from "./stats.js";

export interface StageStart {
  /** The stage was created or emptied by this run (see ensureStage). */
  fresh: boolean;
  /** --retry-failed: the documents read again may have staged rows already. */
  retrying: boolean;
}

export class JunctionStage {
  readonly retrying: boolean;
  private readonly fresh: boolean;
  private readonly superseding = new Set<string>();
  private readonly unsettled = new Set<string>();
  /** Rows this run deleted from the stage (see vacuumStage). */
  private unstaged = 0;

  constructor(
    private readonly sql: Sql,
    private readonly ev: MigrationEvents,
    start: StageStart,
  ) {
    this.fresh = start.fresh;
    this.retrying = start.retrying;
  }

  /** Before a table's first batch: cleared, or kept (`hashed`: whether the table has hashes to compare with). */
  async open(c: CollectionMapping, st: TableStats, hashed: () => Promise<boolean>): Promise<void> {
    if (!c.junctions.length) return;
    if (st.cursor === null && !(await hashed())) {
      if (!this.fresh) this.unstaged += await withRetry("PostgreSQL", () => clearStage(this.sql, c.collection), this.ev.warning);
    } else {
      this.superseding.add(c.collection);
      if (st.cursor !== null) this.unsettled.add(c.collection);
    }
  }

  /** A commit of the table is tried again: the failed attempt may have landed before the connection went. */
  committedAgain(c: CollectionMapping): void {
    this.superseding.add(c.collection);
  }

  /**
   * Stages a batch's documents, committed in transaction `txid`, inside it. Whether it supersedes
   * is decided when the commit begins (`superseding`), so that every attempt of one batch stages alike.
   */
  stage(tx: Queryable, c: CollectionMapping, docs: Document[], txid: string, superseding: boolean): Promise<unknown> {
    if (superseding) this.unsettled.add(c.collection);
    return stageBatch(tx, c, docs, txid, superseding);
  }

  /** Whether the stage may hold older versions of what the table stages now. */
  supersedes(c: CollectionMapping): boolean {
    return this.retrying || this.superseding.has(c.collection);
  }

  /** The table is done: its stage keeps each document's newest arrays. */
  async finish(c: CollectionMapping): Promise<void> {
    if (this.unsettled.has(c.collection))
      this.unstaged += await withRetry("PostgreSQL", () => settleStage(this.sql, c.collection), this.ev.warning);
  }

  /** Once the run's tables are done or stopped: the space of what they deleted from the stage is reused. */
  async close(): Promise<void> {
    if (this.unstaged) await withRetry("PostgreSQL", () => vacuumStage(this.sql), this.ev.warning);
  }
}
