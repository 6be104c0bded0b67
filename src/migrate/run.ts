// The core loop: per table in foreign-key order, one `_id`-sorted cursor from the checkpoint,
// batches transformed and upserted in one transaction each, the checkpoint saved after each;
// then each junction synced as a unit. Progress goes out as events; this module prints nothing.
import type { Db, Document } from "mongodb";
import { scrub } from "../config.js";
import { BATCH_SIZE, JUNCTION_SYNCS, TABLE_LANES } from "../defaults.js";
import { MigrateError } from "../errors.js";
import { identityName } from "../identity.js";
import { collections as allCollections, junctions as allJunctions } from "../map/collections.js";
import type { CollectionMapping } from "../map/types.js";
import { ErrorLog } from "../report/errorLog.js";
import { openMongo } from "../source/connect.js";
import { approximateCount, decodeId, encodeId, objectIdTwins, openRead, READ_OPTIONS, unknownCollections, type TableRead, type UnknownCollection } from "../source/read.js";
import { openPostgres, type Sql } from "../target/connect.js";
import { syncJunction, type JunctionResult } from "../target/junctionSync.js";
import { clearStage, dropStage, emptyStage, ensureStage, stageBatch, trimStage } from "../target/stage.js";
import { existingReferences, KnownIds } from "../target/references.js";
import { upgradedError } from "../target/history.js";
import { checkSchema } from "../target/schemaCheck.js";
import { pruneStubs, stubOwner, stubTablesOf } from "../target/stubs.js";
import { writeBatch } from "../target/upsert.js";
import { transformDocument, type Transformed } from "../transform/document.js";
import {
  CheckpointWriter, deleteCheckpoint, earlierFailures, emptyCheckpoint, fingerprint, loadCheckpoint, type CheckpointData, type TableState,
} from "./checkpoint.js";
import { junctionReady, migrationOrder, runByDependencies, type StopSignal } from "./order.js";
import { ConnectionLost, isDataError, isMongoConnectionError, withRetry } from "./retry.js";
import { isConnectionError } from "../target/connect.js";

export interface MigrateOptions {
  mongoUrl: string;
  mongoDb: string;
  postgresUrl: string;
  /** Documents per batch and transaction. Default 1000. */
  batchSize?: number;
  /** Ignore the checkpoint and start over (safe: upserts are idempotent). */
  restart?: boolean;
  /** Re-read only the documents that failed in the last run. */
  retryFailed?: boolean;
  /** Only these tables (and the junctions between them). */
  tables?: string[];
  checkpointPath: string;
  errorLogPath: string;
  /** Set `requested` to pause after the batches in flight (Ctrl+C, SIGTERM). */
  stop?: { requested: boolean };
  events?: MigrationEvents;
}

export interface TableProgress extends TableState {
  total: number;
}

export interface MigrationEvents {
  plan?(tables: { name: string; total: number }[], junctions: string[]): void;
  progress?(table: string, state: TableProgress): void;
  tableDone?(table: string, state: TableProgress): void;
  junctionStart?(name: string): void;
  junctionDone?(name: string, result: JunctionResult): void;
  warning?(message: string): void;
}

export interface Failure {
  table: string;
  mongoId: string;
  message: string;
}

export interface MigrationResult {
  status: "complete" | "paused";
  /** Why the run paused, when it did. */
  pauseReason?: string;
  durationMs: number;
  tables: Record<string, TableProgress & { ms: number; repairs: Record<string, number> }>;
  junctions: Record<string, JunctionResult>;
  failures: Failure[];
  unknownCollections: UnknownCollection[];
  totals: CheckpointData["totals"];
}

/** Two migrators on one target would interleave upserts and checkpoints; this key refuses the second. */
const RUN_LOCK = 0x6e6378_02;

export async function runMigration(o: MigrateOptions): Promise<MigrationResult> {
  const started = Date.now();
  const ev = o.events ?? {};
  const stop = o.stop ?? { requested: false };
  const batchSize = o.batchSize ?? BATCH_SIZE;
  const urls = [o.mongoUrl, o.postgresUrl];
  const log = new ErrorLog(o.errorLogPath, (s) => scrub(s, urls));
  const releasers: (() => Promise<unknown>)[] = [];
  try {
    // The run lock, a batch, its reference probes and a junction sync: one connection each.
    const sql = await openPostgres(o.postgresUrl, { max: 5 });
    releasers.push(() => sql.end({ timeout: 5 }));
    const { client, db } = await openMongo(o.mongoUrl, o.mongoDb);
    releasers.push(() => client.close());

    const lock = await sql.reserve();
    releasers.push(async () => lock.release());
    const [{ locked }] = (await lock`select pg_try_advisory_lock(${RUN_LOCK}) as locked`) as unknown as [{ locked: boolean }];
    if (!locked) throw new MigrateError("LOCKED", "another migration is running against this PostgreSQL database; wait for it to finish (or stop it), then rerun.");
    releasers.push(() => lock`select pg_advisory_unlock(${RUN_LOCK})`.catch(() => {}));

    const { differences, state, later } = await checkSchema(sql);
    if (state === "upgraded") throw upgradedError(later);
    if (differences.length) {
      const missing = differences.some((d) => d.startsWith("schema not applied"));
      throw new MigrateError(
        missing ? "SCHEMA_MISSING" : "SCHEMA_DIFFERS",
        missing
          ? "the PostgreSQL database has no NextCRM schema; run `nextcrm-migrate schema apply` first. Nothing was written."
          : `the PostgreSQL schema differs from the expected one in ${differences.length} place(s) (first: ${differences[0]}); run \`nextcrm-migrate schema check\` to see them and \`schema apply\` to fix. Nothing was written.`,
      );
    }

    const source = fingerprint(o.mongoUrl);
    const target = fingerprint(o.postgresUrl);
    let cp = o.restart ? undefined : loadCheckpoint(o.checkpointPath, source, target);
    const retryIds = o.retryFailed ? (cp?.failed ?? {}) : undefined;
    if (!cp || (cp.complete && !o.retryFailed)) cp = emptyCheckpoint(source, target);
    const checkpoint = cp;

    const wanted = (name: string) => !o.tables || o.tables.includes(name);
    const order = migrationOrder(allCollections).filter((c) => wanted(c.collection));
    const junctions = allJunctions.filter((j) => j.columns.every((c) => wanted(c.references)) && j.sides.every((s) => wanted(s.collection)));

    const unknown = o.tables ? [] : await unknownCollections(db, allCollections.map((c) => c.collection), approximateCount);
    for (const u of unknown) ev.warning?.(`collection ${u.name} (${u.documents} documents) is not part of NextCRM's schema and was not migrated`);

    const totals = new Map<string, number>();
    for (const c of order) totals.set(c.collection, await approximateCount(db, c.collection));
    ev.plan?.(order.map((c) => ({ name: c.collection, total: totals.get(c.collection) ?? 0 })), junctions.map((j) => j.name));

    const result: MigrationResult = {
      status: "complete",
      durationMs: 0,
      tables: {},
      junctions: {},
      failures: [],
      unknownCollections: unknown,
      totals: checkpoint.totals,
    };
    const writer = new CheckpointWriter(o.checkpointPath, checkpoint);
    releasers.push(() => writer.settled()); // a background save lands before the run returns
    const save = () => writer.now();

    const freshStage = await ensureStage(sql);
    const lostStage = freshStage && Object.values(checkpoint.tables).some((t) => t.cursor !== null);
    if (lostStage) {
      // The staged arrays of the tables read so far are gone: read them again (upserts make it safe).
      // Retrying only the failed ids would then sync the junctions from their arrays alone.
      ev.warning?.(`the junction stage of the ${retryIds ? "last" : "interrupted"} run is missing; re-reading ${retryIds ? "every table, not only the failed ids" : "the tables already done"}`);
      // Its counters and failed ids start over too, or the re-read would count everything twice.
      Object.assign(checkpoint, { tables: {}, junctions: {}, failed: {}, complete: false });
      Object.assign(checkpoint.totals, { read: 0, migrated: 0, repaired: 0, failed: 0 });
    }
    // A new pass over every table replaces every staged array: one truncate, not a delete per table.
    const newPass = !retryIds && !o.tables && Object.keys(checkpoint.tables).length === 0;
    if (newPass && !freshStage) await withRetry("PostgreSQL", () => emptyStage(sql), isConnectionError, ev.warning);
    const runner = new TableRunner(sql, db, log, checkpoint, result, ev, batchSize, writer, freshStage || newPass);
    // A resumed run reports the whole migration: the tables read before the interruption too.
    for (const c of order) if (checkpoint.tables[c.collection]) runner.state(c.collection, totals.get(c.collection) ?? 0);
    const done = new Set<string>(Object.entries(checkpoint.tables).filter(([, s]) => s.done).map(([n]) => n));
    // Ready junctions sync JUNCTION_SYNCS at a time: each is one PostgreSQL backend's work, and
    // the last ones (all those of Documents) would otherwise leave the second core idle.
    const syncReady = async () => {
      const ready = junctions.filter((j) => !checkpoint.junctions[j.name]?.done && junctionReady(j, done));
      let failed = false;
      const worker = async () => {
        try {
          for (let j; !failed && !stop.requested && (j = ready.shift()); ) {
            ev.junctionStart?.(j.name);
            const r = await withRetry("PostgreSQL", () => syncJunction(sql, j), isConnectionError, ev.warning);
            checkpoint.junctions[j.name] = { done: true, pairs: r.pairs };
            result.junctions[j.name] = r;
            await save();
            ev.junctionDone?.(j.name, r);
          }
        } catch (e) {
          failed = true;
          throw e;
        }
      };
      // Every worker has stopped before the first error is thrown: nothing syncs behind a pause.
      const settled = await Promise.allSettled(Array.from({ length: JUNCTION_SYNCS }, worker));
      for (const s of settled) if (s.status === "rejected") throw s.reason;
    };
    // A junction syncs as soon as both its tables are done, while the next tables are read (the
    // sync touches only its junction table, its own `nextcrm_migrate.unmapped` rows and its staged
    // rows); without this, PostgreSQL worked alone and MongoDB waited, 8% of a run at 100k.
    let syncing: Promise<void> = Promise.resolve();
    let syncError: unknown;
    const syncInBackground = () => {
      syncing = syncing.then(() => (syncError === undefined ? syncReady() : undefined)).catch((e) => void (syncError ??= e));
    };

    try {
      if (retryIds && !lostStage) {
        for (const c of order) await runner.retry(c, retryIds[c.collection] ?? [], totals.get(c.collection) ?? 0);
        for (const j of junctions) delete checkpoint.junctions[j.name];
        for (const c of order) done.add(c.collection);
      } else {
        // Two tables at a time: one table's batches leave each of the three processes waiting on
        // the others, and FerretDB sorts a whole collection before its first batch. With a second
        // table and a batch ahead, 1.88 of 2 cores are busy at 1M documents (both committed runs),
        // against 1.65-1.75 one table at a time.
        try {
          // Tables an interrupted run had begun go first, so that interruptions leave no more of
          // them half done than there are lanes.
          const begun = (c: CollectionMapping) => (checkpoint.tables[c.collection]?.cursor ? 0 : 1);
          await runByDependencies(
            [...order].sort((a, b) => begun(a) - begun(b)),
            done,
            TABLE_LANES,
            async (c, halt) => {
              await runner.table(c, totals.get(c.collection) ?? 0, halt, runner.open(c));
              if (checkpoint.tables[c.collection]?.done) done.add(c.collection);
              syncInBackground();
            },
            () => stop.requested || syncError !== undefined,
          );
        } finally {
          await syncing;
        }
        if (syncError !== undefined) throw syncError;
      }
      await syncReady();
    } catch (e) {
      if (!(e instanceof ConnectionLost)) throw e;
      await save();
      result.status = "paused";
      result.pauseReason = scrub(e.message, urls);
    }
    result.failures.unshift(...earlierFailures(checkpoint, result.failures));
    if (stop.requested && result.status === "complete") {
      const allDone = order.every((c) => checkpoint.tables[c.collection]?.done) && junctions.every((j) => checkpoint.junctions[j.name]?.done);
      if (!allDone) {
        result.status = "paused";
        result.pauseReason = "stop requested";
      }
    }
    if (result.status === "complete") {
      checkpoint.complete = true;
      if (Object.values(checkpoint.failed).every((ids) => ids.length === 0)) {
        await writer.settled();
        deleteCheckpoint(o.checkpointPath);
        await dropStage(sql);
      } else await save();
    } else await save();
    result.durationMs = Date.now() - started;
    return result;
  } finally {
    // Last acquired, first released: the lock connection goes back before the pool ends.
    for (const release of releasers.reverse()) await release().catch(() => {});
  }
}

/** Per-table work: the cursor loop, the retry of failed ids, and the isolation of bad records. */
class TableRunner {
  private readonly known = new KnownIds();
  constructor(
    private readonly sql: Sql,
    private readonly db: Db,
    private readonly log: ErrorLog,
    private readonly cp: CheckpointData,
    private readonly result: MigrationResult,
    private readonly ev: MigrationEvents,
    private readonly batchSize: number,
    private readonly writer: CheckpointWriter,
    /** The stage was created or emptied by this run: nothing in it to clear or trim. */
    private readonly freshStage: boolean,
  ) {}

  /** Retrying failed ids: their documents may have staged rows already (see stageBatch). */
  private retrying = false;

  state(name: string, total: number): TableProgress & { ms: number; repairs: Record<string, number> } {
    const s = (this.cp.tables[name] ??= { cursor: null, read: 0, migrated: 0, repaired: 0, failed: 0, done: false });
    return (this.result.tables[name] ??= Object.assign(s, { total, ms: 0, repairs: {} as Record<string, number> }) as never);
  }

  /** Starts reading a table from its checkpoint cursor, a batch ahead. */
  open(c: CollectionMapping): TableRead {
    return openRead(this.db, c.collection, this.cp.tables[c.collection]?.cursor ?? null, this.batchSize);
  }

  async table(c: CollectionMapping, total: number, stop: StopSignal, opened: TableRead): Promise<void> {
    const name = c.collection;
    const st = this.state(name, total);
    const t0 = Date.now();
    let read = opened;
    if (!this.freshStage && c.junctions.length) {
      const readBefore = st.read;
      const tidy = st.cursor === null ? () => clearStage(this.sql, name) : () => trimStage(this.sql, name, readBefore);
      await withRetry("PostgreSQL", tidy, isConnectionError, this.ev.warning);
    }
    // A lost source connection reopens the cursor after the last committed batch.
    for (;;) {
      try {
        try {
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
        if (!isMongoConnectionError(e)) throw e;
        this.ev.warning?.(`MongoDB connection lost while reading ${name} (${(e as Error).message}); reading on after the last committed batch`);
        await withRetry("MongoDB", () => this.db.command({ ping: 1 }), isMongoConnectionError, this.ev.warning);
        read = this.open(c);
      }
    }
    await this.pruneStubs(c);
    st.done = true;
    st.ms += Date.now() - t0;
    await this.writer.now();
    this.ev.tableDone?.(name, st);
  }

  /** Once every document of `c` is written, the stubs its references no longer need go. */
  private async pruneStubs(c: CollectionMapping): Promise<void> {
    for (const table of stubTablesOf(c)) await withRetry("PostgreSQL", () => pruneStubs(this.sql, table), isConnectionError, this.ev.warning);
  }

  async retry(c: CollectionMapping, ids: string[], total: number): Promise<void> {
    const st = this.state(c.collection, total);
    this.retrying = true;
    // The retried ids leave the failed list; the ones that fail again are added back by fail().
    this.cp.failed[c.collection] = [];
    st.failed = 0;
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const chunk = ids.slice(i, i + this.batchSize).map(decodeId);
      // A lost source connection asks for the same ids again: nothing was written for them yet.
      const find = () => this.db.collection(c.collection).find({ _id: { $in: chunk } } as Document, READ_OPTIONS).toArray();
      const docs = await withRetry("MongoDB", find, isMongoConnectionError, this.ev.warning);
      if (docs.length) await this.process(c, docs, st);
    }
    await this.pruneStubs(c);
    st.done = true;
    await this.writer.now();
    this.ev.tableDone?.(c.collection, st);
  }

  /** The ids in each failed list, by the list (retry replaces it). */
  private readonly failedIds = new WeakMap<string[], Set<string>>();

  private fail(c: CollectionMapping, doc: Document, e: unknown, st: TableProgress) {
    const err = e as Error;
    const mongoId = identityName(doc._id);
    this.log.append({ table: c.collection, mongoId, message: err.message, stack: err.stack, document: doc });
    this.result.failures.push({ table: c.collection, mongoId, message: err.message });
    // Already listed if a checkpoint was saved after it failed and before its batch committed (a
    // junction sync saves whenever it ends): a resume reads it, and fails it, again.
    const list = (this.cp.failed[c.collection] ??= []);
    let ids = this.failedIds.get(list);
    if (!ids) this.failedIds.set(list, (ids = new Set(list)));
    const id = encodeId(doc._id);
    if (ids.has(id)) return;
    ids.add(id);
    list.push(id);
    st.failed++;
    this.cp.totals.failed++;
  }

  private async process(c: CollectionMapping, docs: Document[], st: TableProgress & { repairs: Record<string, number> }) {
    const exists = await withRetry("PostgreSQL", () => existingReferences(this.sql, c, docs, this.known), isConnectionError, this.ev.warning);
    const twins = await withRetry("MongoDB", () => objectIdTwins(this.db, c.collection, docs), isMongoConnectionError, this.ev.warning);
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
        this.fail(c, doc, e, st);
      }
    }
    const owner = await this.stubOwnerFor(c, ok, st);
    await this.write(c, ok, st, st.read, owner);
    st.read += docs.length;
    this.cp.totals.read += docs.length;
  }

  /**
   * The owner of the stub rows this batch needs (src/target/stubs.ts), or null if it needs none.
   * Without any user to own them, the documents that need one fail, and leave `ok`.
   */
  private async stubOwnerFor(c: CollectionMapping, ok: [Transformed, Document][], st: TableProgress): Promise<string | null> {
    if (!ok.some(([t]) => t.stubs.length)) return null;
    const owner = await withRetry("PostgreSQL", () => stubOwner(this.sql), isConnectionError, this.ev.warning);
    if (owner) return owner;
    for (let i = ok.length - 1; i >= 0; i--) {
      const [t, doc] = ok[i]!;
      const [stub] = t.stubs;
      if (!stub) continue;
      ok.splice(i, 1);
      this.fail(c, doc, new Error(`${stub.referencedBy.split(".")[1]}: names a ${stub.table} document that does not exist, and no user exists to own the stub ${stub.table} row that would keep it; migrate Users first.`), st);
    }
    return null;
  }

  /** One transaction for the batch; on a data error, halves until the bad records stand alone. */
  private async write(c: CollectionMapping, items: [Transformed, Document][], st: TableProgress & { repairs: Record<string, number> }, seq: number, owner: string | null): Promise<void> {
    if (!items.length) return;
    let attempts = 0;
    try {
      await withRetry(
        "PostgreSQL",
        async () => {
          // A failed commit may have landed before the connection went: then this batch is staged.
          const replace = this.retrying || attempts++ > 0;
          return this.sql.begin(async (tx) => {
            // Both go out at once (see writeBatch): the stage rows are built while the upsert runs.
            const written = writeBatch(tx as unknown as Sql, c, items.map(([t]) => t), owner);
            written.catch(() => {}); // awaited below; the first error to arrive is reported
            await Promise.all([written, stageBatch(tx as unknown as Sql, c, items.map(([, d]) => d), seq, replace)]);
            // The previous batch's checkpoint is on disk before this batch commits; its fsyncs
            // ran while this batch was written (waiting before the batch cost 11% of a run).
            await this.writer.settled();
          });
        },
        isConnectionError,
        this.ev.warning,
      );
    } catch (e) {
      if (!isDataError(e)) throw e;
      if (items.length === 1) return this.fail(c, items[0]![1], e, st);
      const mid = Math.ceil(items.length / 2);
      await this.write(c, items.slice(0, mid), st, seq, owner);
      await this.write(c, items.slice(mid), st, seq, owner);
      return;
    }
    const repairs: { table: string; mongoId: string; detail: string }[] = [];
    for (const [t] of items) {
      if (t.repairs.length) {
        st.repaired++;
        this.cp.totals.repaired++;
        for (const r of t.repairs) {
          st.repairs[r.kind] = (st.repairs[r.kind] ?? 0) + 1;
          repairs.push({ table: c.collection, mongoId: t.mongoId, detail: r.detail });
        }
      } else {
        st.migrated++;
        this.cp.totals.migrated++;
      }
    }
    this.log.warnings(repairs);
  }
}

