// A migration's target: each batch one PostgreSQL transaction (its rows, unmapped data, stubs and
// staged arrays), a bad record costing only itself (src/postgres/bisect.ts).
import type { Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import type { RawDocument } from "../mongo/raw.js";
import { writeIsolating } from "../postgres/bisect.js";
import type { Sql } from "../postgres/connect.js";
import { existingReferences, KnownIds } from "../postgres/references.js";
import { referenceRepaired } from "../postgres/repairs.js";
import { documentHash, hashable, openRowHashes, recordHashes, unchangedIds } from "../postgres/rowHash.js";
import { stagingTransaction } from "../postgres/stage.js";
import { stubTablesOf } from "../map/stubs.js";
import { pruneStubs, stubOwner } from "../postgres/stubs.js";
import { CopyRefused, writeBatch, type WriteMode } from "../postgres/upsert.js";
import type { Exists } from "../transform/document.js";
import type { CheckpointWriter } from "./checkpoint.js";
import type { MigrationEvents } from "./events.js";
import { withRetry } from "./retry.js";
import type { TableStats } from "./stats.js";
import { JunctionStage, type StageStart } from "./stageLifecycle.js";
import type { Item, Target, Unchanged } from "./target.js";

export class PostgresTarget implements Target {
  private readonly known = new KnownIds();
  /** Per table, whether it has hashes to compare a batch with (see openRowHashes), asked once. */
  private readonly hashed = new Map<string, Promise<boolean>>();
  private readonly stage: JunctionStage;

  constructor(
    private readonly sql: Sql,
    private readonly ev: MigrationEvents,
    private readonly writer: CheckpointWriter,
    stage: StageStart,
  ) {
    this.stage = new JunctionStage(sql, ev, stage);
  }

  /**
   * A table without hashes stages every document anew, and starts with none staged; any other
   * keeps what its unchanged documents staged (docs/ARCHITECTURE.md, "Junctions").
   */
  open(c: CollectionMapping, st: TableStats): Promise<void> {
    return this.stage.open(c, st, () => this.hasHashes(c));
  }

  /**
   * Every document's hash is computed, for its write to record; a table with hashes compares
   * them. A string `_id` that spells an ObjectId is always read again: the twin check
   * (src/mongo/read.ts) must see it.
   */
  async unchanged(c: CollectionMapping, docs: RawDocument[]): Promise<Unchanged> {
    const hashes = new Map(docs.map((d) => [d, documentHash(d.bytes)]));
    const unchanged = new Map<RawDocument, string[]>();
    if (!(await this.hasHashes(c))) return { unchanged, hashes };
    const candidates = docs.filter((d) => !(typeof d.id === "string" && isObjectIdLike(d.id)));
    const ids = candidates.map((d) => uuidFor(d.id));
    const same = await withRetry(
      "PostgreSQL",
      () =>
        unchangedIds(
          this.sql,
          c,
          ids,
          candidates.map((d) => hashes.get(d)!),
        ),
      this.ev.warning,
    );
    for (const [i, d] of candidates.entries()) {
      const kinds = same.get(ids[i]!);
      if (kinds) unchanged.set(d, kinds);
    }
    return { unchanged, hashes };
  }

  /**
   * Whether hashes of the batch's other documents may be stored: a table without hashes at its
   * start has none but those of this run, which come once per document; a retry reads documents
   * again that the run may have hashed.
   */
  private async mayHoldHashesOf(c: CollectionMapping): Promise<boolean> {
    return (await this.hasHashes(c)) || this.stage.retrying;
  }

  /** Asked at a table's first batch, whether it is read from its cursor or retried by its ids. */
  private hasHashes(c: CollectionMapping): Promise<boolean> {
    let h = this.hashed.get(c.collection);
    if (!h) this.hashed.set(c.collection, (h = withRetry("PostgreSQL", () => openRowHashes(this.sql, c), this.ev.warning)));
    return h;
  }

  references(c: CollectionMapping, docs: Document[]): Promise<Exists> {
    return withRetry("PostgreSQL", () => existingReferences(this.sql, c, docs, this.known), this.ev.warning);
  }

  stubOwner(): Promise<string | null> {
    return withRetry("PostgreSQL", () => stubOwner(this.sql), this.ev.warning);
  }

  write(c: CollectionMapping, items: Item[], owner: string | null, reject: (item: Item, e: unknown) => void): Promise<Item[]> {
    return writeIsolating(items, (part) => this.commit(c, part, owner), reject);
  }

  /** The documents of `c` whose reference repairs name one of `moved` (src/postgres/repairs.ts). */
  referenceRepaired(c: CollectionMapping, moved: ReadonlySet<string>): Promise<{ mongoId: string; kinds: string[] }[]> {
    return withRetry("PostgreSQL", () => referenceRepaired(this.sql, c.collection, moved), this.ev.warning);
  }

  /** The stubs the table's documents no longer need go (src/postgres/stubs.ts); its stage keeps each document's newest arrays. */
  async finish(c: CollectionMapping): Promise<void> {
    for (const table of stubTablesOf(c)) await withRetry("PostgreSQL", () => pruneStubs(this.sql, table), this.ev.warning);
    await this.stage.finish(c);
  }

  /** Once the run's tables are done or stopped. */
  close(): Promise<void> {
    return this.stage.close();
  }

  /**
   * One transaction: the rows, their unmapped data and stubs, their staged arrays. A COPY of new
   * rows that PostgreSQL refuses (see writeBatch) aborts it: the batch goes again as an upsert,
   * which commits it or names the record that fails in the upsert's own words.
   */
  private commit(c: CollectionMapping, items: Item[], owner: string | null): Promise<void> {
    let attempts = 0;
    return withRetry(
      "PostgreSQL",
      async () => {
        // A failed commit may have landed before the connection went: then this batch is staged.
        if (attempts++ > 0) this.stage.committedAgain(c);
        const superseding = this.stage.supersedes(c);
        try {
          await this.transaction(c, items, owner, "copy-if-new", superseding);
        } catch (e) {
          if (!(e instanceof CopyRefused)) throw e;
          await this.transaction(c, items, owner, "upsert", superseding);
        }
      },
      this.ev.warning,
    );
  }

  private async transaction(
    c: CollectionMapping,
    items: Item[],
    owner: string | null,
    mode: WriteMode,
    superseding: boolean,
  ): Promise<void> {
    await this.sql.begin(async (tx) => {
      const txid = c.junctions.length ? stagingTransaction(tx) : null;
      txid?.catch(() => {}); // awaited below
      const written = writeBatch(
        tx,
        c,
        items.map(([t]) => t),
        owner,
        mode,
      );
      written.catch(() => {}); // awaited below; the first error to arrive is reported
      // An upsert and the stage rows go out at once (see writeBatch): the stage rows are built
      // while the upsert runs. A COPY holds the connection: the stage's waits for its end.
      const stage = async () => {
        if (txid)
          await this.stage.stage(
            tx,
            c,
            items.map(([, d]) => d),
            await txid,
            superseding,
          );
      };
      await Promise.all([written, mode === "upsert" ? stage() : written.then(stage)]);
      // Each row's xmin is read back, so it follows the rows (see recordHashes).
      const clean: { id: string; hash: string; missing: readonly string[] }[] = [];
      const others: string[] = [];
      for (const [t, , hash] of items) {
        if (hash && hashable(t.repairs)) clean.push({ id: t.id, hash, missing: t.missing });
        else others.push(t.id);
      }
      await recordHashes(tx, c, clean, (await this.mayHoldHashesOf(c)) ? others : []);
      // The previous batch's checkpoint is on disk before this batch commits; its fsyncs
      // ran while this batch was written, not before it.
      await this.writer.settled();
    });
  }
}
