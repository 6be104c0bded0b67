// One table's part of a run: its cursor from the checkpoint, each batch read, transformed and
// handed to the target (src/migrate/target.ts) to write, the checkpoint saved after each batch;
// and the retry of the documents that failed before.
import type { Db, Document } from "mongodb";
import { classify, isConnectionLost, MigrateError } from "../errors.js";
import { identityName, idsOfName, uuidFor } from "../identity.js";
import type { CollectionMapping } from "../map/types.js";
import { decode, decodeTyped, type RawDocument } from "../mongo/raw.js";
import { decodeId, encodeId, findRaw, objectIdTwins, openRawRead, type TableRead } from "../mongo/read.js";
import { messageOf, stackOf, type ErrorLog } from "../report/errorLog.js";
import { transformDocument } from "../transform/document.js";
import type { MigrationEvents } from "./events.js";
import type { StopSignal } from "../lanes.js";
import { ConnectionLost, withRetry } from "./retry.js";
import type { Stats, TableStats } from "./stats.js";
import type { Item, Saves, Target } from "./target.js";
import {
  dateOffByOneMs,
  jsonIntegerAsString,
  planted,
  referenceNulledAsDangling,
  repairedValueWrong,
  repairOriginalDropped,
  textArrayReversed,
  unknownFieldDropped,
  victim,
  withFailingColumnNull,
} from "./planted.js";

/** Where failed documents and repairs are told: the error log, or a dry run's report. */
export type FailureLog = Pick<ErrorLog, "append" | "warnings">;

export interface Failure {
  table: string;
  mongoId: string;
  message: string;
}

/**
 * Whether an error is one document's doing, to fail that document and go on: thrown by this
 * program's code or a library over the document's values (a decoder, the transform, building a
 * batch's text, rendering it for the log), or a data error. Not a MigrateError (the tool's
 * refusal), a lost connection, nor another error a server sent (a PostgreSQL SQLSTATE outside
 * the data classes, a MongoDB error, a system call's errno): those are no document's, and stop
 * the run with its checkpoint saved.
 */
export function isDocumentFault(e: unknown): boolean {
  if (e instanceof MigrateError || e instanceof ConnectionLost) return false;
  const kind = classify(e);
  if (kind !== "other") return kind === "data";
  if (e === null || typeof e !== "object") return true;
  const { name, code } = e as { name?: unknown; code?: unknown };
  if (code !== undefined && code !== null) return false;
  return !(typeof name === "string" && /^(Mongo|Postgres)/.test(name));
}

/**
 * Runs `fn` over `items`; when it throws for a document's sake (isDocumentFault), halves them
 * until each item at fault stands alone and goes to `reject` with its error. Resolves to the items
 * `fn` took, and what it returned for each part, in order. Any other error is thrown as it is.
 */
async function separating<T, R>(
  items: T[],
  fn: (part: T[]) => Promise<R>,
  reject: (item: T, e: unknown) => void,
): Promise<{ kept: T[]; results: R[] }> {
  if (!items.length) return { kept: [], results: [] };
  try {
    return { kept: items, results: [await fn(items)] };
  } catch (e) {
    if (!isDocumentFault(e)) throw e;
    if (items.length === 1) {
      reject(items[0]!, e);
      return { kept: [], results: [] };
    }
    const mid = Math.ceil(items.length / 2);
    const first = await separating(items.slice(0, mid), fn, reject);
    const second = await separating(items.slice(mid), fn, reject);
    return { kept: [...first.kept, ...second.kept], results: [...first.results, ...second.results] };
  }
}

/** A document's name for the log and the report; an `_id` Extended JSON cannot write is still named. */
function nameOf(id: unknown): string {
  try {
    return identityName(id);
  } catch (e) {
    return `(an _id that cannot be named: ${messageOf(e)})`;
  }
}

export class TableRunner {
  /** The failures of this run, in the order they happened. */
  readonly failures: Failure[] = [];
  /** The documents a retry moved (their names): failed before, committed now. */
  readonly moved = new Set<string>();
  /** A retry's second look at repaired documents: each one's repair kinds when it committed before. */
  private earlier: Map<string, string[]> | undefined;

  constructor(
    private readonly target: Target,
    private readonly db: Db,
    private readonly log: FailureLog,
    private readonly stats: Stats,
    private readonly ev: MigrationEvents,
    private readonly batchSize: number,
    private readonly writer: Saves,
  ) {}

  /** Starts reading a table from its checkpoint cursor, a batch ahead. */
  open(c: CollectionMapping): TableRead<RawDocument> {
    return openRawRead(this.db, c.collection, this.stats.tables[c.collection]?.cursor ?? null, this.batchSize);
  }

  /** Every document of `c` after its checkpoint cursor; stops after a batch once `stop` says so. */
  async table(c: CollectionMapping, total: number, stop: StopSignal): Promise<void> {
    const name = c.collection;
    const st = this.stats.table(name, total);
    const t0 = Date.now();
    // Opened first: FerretDB sorts the collection while PostgreSQL tidies the stage.
    let read = this.open(c);
    for (let opened = false; ; ) {
      try {
        try {
          if (!opened) await this.target.open(c, st);
          opened = true;
          this.ev.progress?.(name, st);
          for await (const docs of read.batches) {
            await this.process(c, docs, st);
            st.cursor = encodeId(docs[docs.length - 1]!.id);
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
        if (!isConnectionLost(e) || !opened) throw e;
        this.ev.warning?.(
          `MongoDB connection lost while reading ${name} (${(e as Error).message}); reading on after the last committed batch`,
        );
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
   * halfway leaves the rest listed for the next one. `repaired`: the table's documents whose
   * reference repairs name a document this retry moved (src/postgres/repairs.ts), read again after.
   */
  async retry(c: CollectionMapping, total: number, repaired: readonly { mongoId: string; kinds: string[] }[] = []): Promise<void> {
    const st = this.stats.table(c.collection, total);
    const ids = [...this.stats.failedIds(c.collection)];
    const failedNames = new Set(ids.map((id) => identityName(decodeId(id))));
    for (let i = 0; i < ids.length; i += this.batchSize) {
      const chunk = ids.slice(i, i + this.batchSize);
      const docs = await this.findByIds(c, chunk.map(decodeId));
      if (docs.length) await this.process(c, docs, st, false);
      const found = new Set(docs.map((d) => encodeId(d.id)));
      this.stats.gone(
        c.collection,
        st,
        chunk.filter((id) => !found.has(id)),
      );
      const still = new Set(this.stats.failedIds(c.collection));
      for (const d of docs) if (!still.has(encodeId(d.id))) this.moved.add(identityName(d.id));
    }
    // Documents whose references were repaired because what they named was missing, and it is
    // a document this retry moved: a fresh migration would link them.
    const again = repaired.filter((r) => !failedNames.has(r.mongoId));
    for (let i = 0; i < again.length; i += this.batchSize) {
      const chunk = new Map(again.slice(i, i + this.batchSize).map((r) => [r.mongoId, r.kinds]));
      const docs = (await this.findByIds(c, [...chunk.keys()].flatMap(idsOfName))).filter((d) => chunk.has(identityName(d.id)));
      // Their earlier outcomes are taken back as their new ones are counted (see takeBack).
      this.earlier = chunk;
      try {
        if (docs.length) await this.process(c, docs, st, false);
      } finally {
        this.earlier = undefined;
      }
    }
    await this.finish(c, st);
  }

  /** The documents of `c` with these `_id`s. A lost source connection asks again: nothing was written for them yet. */
  private findByIds(c: CollectionMapping, ids: unknown[]): Promise<RawDocument[]> {
    return withRetry("MongoDB", () => findRaw(this.db, c.collection, ids), this.ev.warning);
  }

  /** Every document of `c` is written: the target finishes it, and the table is done. */
  private async finish(c: CollectionMapping, st: TableStats): Promise<void> {
    await this.target.finish(c);
    st.done = true;
    await this.writer.now();
    this.ev.tableDone?.(c.collection, st);
  }

  /**
   * One document fails, whatever it threw: logged (with its bytes, for a document that cannot be
   * rendered), listed and counted. `doc` is undefined when its bytes could not be decoded.
   */
  private fail(c: CollectionMapping, st: TableStats, doc: Document | undefined, raw: RawDocument | undefined, e: unknown): void {
    const id = doc ? doc._id : raw?.id;
    const mongoId = nameOf(id);
    const message = messageOf(e);
    this.log.append({ table: c.collection, mongoId, message, stack: stackOf(e), document: doc, raw: raw?.bytes });
    this.failures.push({ table: c.collection, mongoId, message });
    this.takeBack(st, mongoId);
    this.stats.failed(c.collection, st, encodeId(id));
  }

  /** A document read again that committed before: its earlier outcome goes as its new one is counted. */
  private takeBack(st: TableStats, mongoId: string): void {
    const kinds = this.earlier?.get(mongoId);
    if (kinds) this.stats.reread(st, kinds);
  }

  /**
   * A batch of `c`: `firstRead` unless a retry reads documents the migration counted already. Its
   * unchanged documents (see Target.unchanged) keep their rows and staged arrays, and count as
   * they did: they are not even decoded.
   */
  private async process(c: CollectionMapping, raws: RawDocument[], st: TableStats, firstRead = true): Promise<void> {
    const { unchanged, hashes } = await this.target.unchanged(c, raws);
    let docs: Document[] = [];
    // Each decoded document's bytes: a document that fails is logged with them.
    const rawOf = new Map<Document, RawDocument>();
    const fail = (doc: Document, e: unknown) => this.fail(c, st, doc, rawOf.get(doc), e);
    // A document that gets the UUID of an unchanged one fails, as it would after it in a batch.
    const ids = new Set<string>();
    for (const r of raws) {
      if (unchanged.has(r)) {
        ids.add(uuidFor(r.id));
        continue;
      }
      let doc: Document;
      try {
        doc = decode(r.bytes);
      } catch (e) {
        this.fail(c, st, undefined, r, e);
        continue;
      }
      docs.push(doc);
      rawOf.set(doc, r);
    }
    // What throws for one document's sake fails that document alone (see separating).
    const probed = await separating(docs, (part) => this.target.references(c, part), fail);
    docs = probed.kept;
    const exists = probed.results.length === 1 ? probed.results[0]! : await this.target.references(c, docs);
    const twinned = await separating(
      docs,
      (part) => withRetry("MongoDB", () => objectIdTwins(this.db, c.collection, part), this.ev.warning),
      fail,
    );
    docs = twinned.kept;
    const twins = new Set(twinned.results.flatMap((t) => [...t]));
    const ok: Item[] = [];
    for (const doc of docs) {
      const raw = rawOf.get(doc)!;
      try {
        if (twins.has(doc._id))
          throw new Error(
            `_id "${doc._id}" is a string that spells the _id of another ${c.collection} document (its ObjectId, or the same hex in all-lower or all-upper case); both would get one UUID. Give one of them another _id at the source.`,
          );
        const t = transformDocument(c, doc, exists, () => decodeTyped(raw.bytes));
        // Planted mistakes (test only, src/migrate/planted.ts) in what the transform gave, one field of one row each:
        // a date a millisecond late;
        if (planted("dateOffByOneMs")) dateOffByOneMs(c, doc, t);
        // a text[] in reverse order;
        if (planted("textArrayReversed")) textArrayReversed(c, t);
        // a whole number in jsonb written as a string;
        if (planted("jsonIntegerAsString")) jsonIntegerAsString(c, t);
        // an unknown field not kept in nextcrm_migrate.unmapped;
        if (planted("unknownFieldDropped")) unknownFieldDropped(c, t);
        // a repair's original ("") not kept;
        if (planted("repairOriginalDropped")) repairOriginalDropped(c, t);
        // a repaired value written wrong (RECEIPT for INVOICE → OTHER), its original kept;
        if (planted("repairedValueWrong")) repairedValueWrong(c, t);
        // a reference to a document that exists nulled, as if the probe had found it missing (danglingToNull).
        if (planted("referenceNulledAsDangling")) referenceNulledAsDangling(c, doc, t);
        if (ids.has(t.id))
          throw new Error(
            `_id ${identityName(doc._id)} gets the same UUID as another document of this batch; give one of them another _id at the source.`,
          );
        ids.add(t.id);
        // Planted mistake (test only, src/migrate/planted.ts): one document is neither written nor failed.
        if (planted("documentLost") && victim("documentLost", c.collection)) continue;
        ok.push([t, doc, hashes.get(raw)]);
      } catch (e) {
        // Planted mistake (test only): a document that fails on a nullable column is written anyway, that column NULL.
        const written = planted("failedDocumentWritten") ? withFailingColumnNull(c, doc, e, exists) : undefined;
        if (written) ok.push([written, doc, hashes.get(raw)]);
        else fail(doc, e);
      }
    }
    const owner = await this.stubOwnerFor(ok, fail);
    // The target isolates data errors itself; what else throws for a document's sake is isolated here.
    const reject = ([, doc]: Item, e: unknown) => fail(doc, e);
    const written = await separating(ok, (part) => this.target.write(c, part, owner, reject), reject);
    const committed = written.results.flat();
    // Counted once the batch is written: a batch a pause interrupts is read again, and counted then.
    if (firstRead) this.stats.read(st, raws.length);
    for (const [r, kinds] of unchanged) {
      this.takeBack(st, identityName(r.id));
      this.stats.unchanged(c.collection, st, () => encodeId(r.id), kinds);
    }
    const repairs: { table: string; mongoId: string; detail: string }[] = [];
    for (const [t, doc] of committed) {
      this.takeBack(st, t.mongoId);
      this.stats.committed(
        c.collection,
        st,
        () => encodeId(doc._id),
        t.repairs.map((r) => r.kind),
      );
      for (const r of t.repairs) repairs.push({ table: c.collection, mongoId: t.mongoId, detail: r.detail });
    }
    this.log.warnings(repairs);
  }

  /**
   * The owner of the stub rows this batch needs (src/postgres/stubs.ts), or null if it needs none.
   * Without any user to own them, the documents that need one fail, and leave `ok`.
   */
  private async stubOwnerFor(ok: Item[], fail: (doc: Document, e: unknown) => void): Promise<string | null> {
    if (!ok.some(([t]) => t.stubs.length)) return null;
    const owner = await this.target.stubOwner();
    if (owner) return owner;
    for (let i = ok.length - 1; i >= 0; i--) {
      const [t, doc] = ok[i]!;
      const [stub] = t.stubs;
      if (!stub) continue;
      ok.splice(i, 1);
      fail(
        doc,
        new Error(
          `${stub.referencedBy.split(".")[1]}: names a ${stub.table} document that does not exist, and no user exists to own the stub ${stub.table} row that would keep it; migrate Users first.`,
        ),
      );
    }
    return null;
  }
}
