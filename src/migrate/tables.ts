// One table's part of a run: its cursor from the checkpoint, each batch transformed and written in
// one transaction (a bad record costing only itself), the checkpoint saved after each batch; and
// the retry of the documents that failed before.
import type { Db, Document } from "mongodb";
import { isConnectionLost } from "../errors.js";
import { identityName } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { decodeId, encodeId, objectIdTwins, openRead, READ_OPTIONS, type TableRead } from "../mongo/read.js";
import { writeIsolating } from "../postgres/bisect.js";
import type { Sql } from "../postgres/connect.js";
import { existingReferences, KnownIds } from "../postgres/references.js";
import { clearStage, stageBatch, trimStage } from "../postgres/stage.js";
import { pruneStubs, stubOwner, stubTablesOf } from "../postgres/stubs.js";
import { writeBatch } from "../postgres/upsert.js";
import type { ErrorLog } from "../report/errorLog.js";
import { transformDocument, type Transformed } from "../transform/document.js";
import type { CheckpointWriter } from "./checkpoint.js";
import type { MigrationEvents } from "./events.js";
import type { StopSignal } from "./lanes.js";
import { withRetry } from "./retry.js";
import type { Stats, TableStats } from "./stats.js";

export interface Failure {
  table: string;
  mongoId: string;
  message: string;
}

export class TableRunner {
  private readonly known = new KnownIds();
  /** The failures of this run, in the order they happened. */
  readonly failures: Failure[] = [];
  /** Retrying failed ids: their documents may have staged rows already (see stageBatch). */
  private retrying = false;

  constructor(
    private readonly sql: Sql,
    private readonly db: Db,
    private readonly log: ErrorLog,
    private readonly stats: Stats,
    private readonly ev: MigrationEvents,
    private readonly batchSize: number,
    private readonly writer: CheckpointWriter,
    /** The stage was created or emptied by this run: nothing in it to clear or trim. */
    private readonly freshStage: boolean,
  ) {}

  /** Starts reading a table from its checkpoint cursor, a batch ahead. */
  open(c: CollectionMapping): TableRead {
    return openRead(this.db, c.collection, this.stats.tables[c.collection]?.cursor ?? null, this.batchSize);
  }

  /** Every document of `c` after its checkpoint cursor; stops after a batch once `stop` says so. */
  async table(c: CollectionMapping, total: number, stop: StopSignal): Promise<void> {
    const name = c.collection;
    const st = this.stats.table(name, total);
    const t0 = Date.now();
    // Opened first: FerretDB sorts the collection while PostgreSQL tidies the stage.
    let read = this.open(c);
    for (let tidy = !this.freshStage && c.junctions.length > 0; ; ) {
      try {
        try {
          if (tidy) await withRetry("PostgreSQL", () => (st.cursor === null ? clearStage(this.sql, name) : trimStage(this.sql, name, st.read)), this.ev.warning);
          tidy = false;
          this.ev.progress?.(name, st);
          for await (const docs of read.batches) {
            await this.process(c, docs, st);
            st.cursor = encodeId(docs[docs.length - 1]!._id);
            this.writer.later();
            this.ev.progress?.(name, st);
            if (stop.requested) return;
          }
        } finally {
          await read.close();
        }
        break;
      } catch (e) {
        // A lost source connection reopens the cursor after the last committed batch.
        if (!isConnectionLost(e) || tidy) throw e;
        this.ev.warning?.(`MongoDB connection lost while reading ${name} (${(e as Error).message}); reading on after the last committed batch`);
        await withRetry("MongoDB", () => this.db.command({ ping: 1 }), this.ev.warning);
        read = this.open(c);
      }
    }
    st.ms += Date.now() - t0;
    await this.finish(c, st);
  }

  /**
   * The documents of `c` that failed before, read again by their ids. Each keeps its place on the
   * failed list until it commits, or turns out to be gone from the source: a retry interrupted
   * halfway leaves the rest listed for the next one.
   */
  async retry(c: CollectionMapping, total: number): Promise<void> {
    const st = this.stats.table(c.collection, total);
    this.retrying = true;
    const ids = [...(this.stats.failedIds(c.collection))];
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const chunk = ids.slice(i, i + this.batchSize);
      const wanted = chunk.map(decodeId);
      // A lost source connection asks for the same ids again: nothing was written for them yet.
      const find = () => this.db.collection(c.collection).find({ _id: { $in: wanted } } as Document, READ_OPTIONS).toArray();
      const docs = await withRetry("MongoDB", find, this.ev.warning);
      if (docs.length) await this.process(c, docs, st, false);
      const found = new Set(docs.map((d) => encodeId(d._id)));
      this.stats.gone(c.collection, st, chunk.filter((id) => !found.has(id)));
    }
    await this.finish(c, st);
  }

  /** Every document of `c` is written: the stubs it no longer needs go, and the table is done. */
  private async finish(c: CollectionMapping, st: TableStats): Promise<void> {
    for (const table of stubTablesOf(c)) await withRetry("PostgreSQL", () => pruneStubs(this.sql, table), this.ev.warning);
    st.done = true;
    await this.writer.now();
    this.ev.tableDone?.(c.collection, st);
  }

  private fail(c: CollectionMapping, st: TableStats, doc: Document, e: unknown): void {
    const err = e as Error;
    const mongoId = identityName(doc._id);
    this.log.append({ table: c.collection, mongoId, message: err.message, stack: err.stack, document: doc });
    this.failures.push({ table: c.collection, mongoId, message: err.message });
    this.stats.failed(c.collection, st, encodeId(doc._id));
  }

  /** A batch of `c`: `firstRead` unless a retry reads documents the migration counted already. */
  private async process(c: CollectionMapping, docs: Document[], st: TableStats, firstRead = true): Promise<void> {
    const exists = await withRetry("PostgreSQL", () => existingReferences(this.sql, c, docs, this.known), this.ev.warning);
    const twins = await withRetry("MongoDB", () => objectIdTwins(this.db, c.collection, docs), this.ev.warning);
    const ids = new Set<string>();
    const ok: [Transformed, Document][] = [];
    for (const doc of docs) {
      try {
        if (twins.has(doc._id)) throw new Error(`_id "${doc._id}" is a string that spells the ObjectId _id of another ${c.collection} document; both would get one UUID. Give one of them another _id at the source.`);
        const t = transformDocument(c, doc, exists);
        if (ids.has(t.id)) throw new Error(`_id ${identityName(doc._id)} gets the same UUID as another document of this batch; give one of them another _id at the source.`);
        ids.add(t.id);
        ok.push([t, doc]);
      } catch (e) {
        this.fail(c, st, doc, e);
      }
    }
    const owner = await this.stubOwnerFor(c, st, ok);
    // `seq`: the documents of the table read before this batch (see trimStage).
    const seq = st.read;
    const committed = await writeIsolating(ok, (part) => this.commit(c, part, seq, owner), ([, doc], e) => this.fail(c, st, doc, e));
    // Counted once the batch is written: a batch a pause interrupts is read again, and counted then.
    if (firstRead) this.stats.read(st, docs.length);
    const repairs: { table: string; mongoId: string; detail: string }[] = [];
    for (const [t, doc] of committed) {
      this.stats.committed(c.collection, st, () => encodeId(doc._id), t.repairs.map((r) => r.kind));
      for (const r of t.repairs) repairs.push({ table: c.collection, mongoId: t.mongoId, detail: r.detail });
    }
    this.log.warnings(repairs);
  }

  /** One transaction: the rows, their unmapped data and stubs, their staged arrays. */
  private commit(c: CollectionMapping, items: [Transformed, Document][], seq: number, owner: string | null): Promise<void> {
    let attempts = 0;
    return withRetry(
      "PostgreSQL",
      async () => {
        // A failed commit may have landed before the connection went: then this batch is staged.
        const replace = this.retrying || attempts++ > 0;
        await this.sql.begin(async (tx) => {
          // Both go out at once (see writeBatch): the stage rows are built while the upsert runs.
          const written = writeBatch(tx, c, items.map(([t]) => t), owner);
          written.catch(() => {}); // awaited below; the first error to arrive is reported
          await Promise.all([written, stageBatch(tx, c, items.map(([, d]) => d), seq, replace)]);
          // The previous batch's checkpoint is on disk before this batch commits; its fsyncs
          // ran while this batch was written (waiting before the batch cost 11% of a run).
          await this.writer.settled();
        });
      },
      this.ev.warning,
    );
  }

  /**
   * The owner of the stub rows this batch needs (src/postgres/stubs.ts), or null if it needs none.
   * Without any user to own them, the documents that need one fail, and leave `ok`.
   */
  private async stubOwnerFor(c: CollectionMapping, st: TableStats, ok: [Transformed, Document][]): Promise<string | null> {
    if (!ok.some(([t]) => t.stubs.length)) return null;
    const owner = await withRetry("PostgreSQL", () => stubOwner(this.sql), this.ev.warning);
    if (owner) return owner;
    for (let i = ok.length - 1; i >= 0; i--) {
      const [t, doc] = ok[i]!;
      const [stub] = t.stubs;
      if (!stub) continue;
      ok.splice(i, 1);
      this.fail(c, st, doc, new Error(`${stub.referencedBy.split(".")[1]}: names a ${stub.table} document that does not exist, and no user exists to own the stub ${stub.table} row that would keep it; migrate Users first.`));
    }
    return null;
  }
}
