// The checkpoint: per-table ObjectId cursors and counters, the failed ids, fingerprints of the
// two databases and a checksum. Fixed size (it grows only with failures); written atomically.
import { createHash } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { MigrateError } from "../errors.js";
import { identityName } from "../identity.js";
import { decodeId } from "../mongo/read.js";

export const CHECKPOINT_VERSION = 1;

export interface TableState {
  /** Canonical Extended JSON of the last `_id` read (its BSON type kept), or null before the first batch. */
  cursor: string | null;
  read: number;
  migrated: number;
  repaired: number;
  failed: number;
  done: boolean;
}

export interface CheckpointData {
  version: number;
  timestamp: string;
  /** A pass ended (all tables and junctions done); a plain rerun starts a new pass. */
  complete: boolean;
  source: string;
  target: string;
  tables: Record<string, TableState>;
  junctions: Record<string, { done: boolean; pairs: number }>;
  /** Failed document ids per table, canonical Extended JSON. */
  failed: Record<string, string[]>;
  /** The sum of the tables' counters, as saved (totalsOf). */
  totals: Totals;
}

export interface Totals {
  read: number;
  migrated: number;
  repaired: number;
  failed: number;
}

/** The totals of a run: the sum of its tables, never counted beside them. */
export function totalsOf(tables: Record<string, TableState>): Totals {
  const t: Totals = { read: 0, migrated: 0, repaired: 0, failed: 0 };
  for (const s of Object.values(tables)) {
    t.read += s.read;
    t.migrated += s.migrated;
    t.repaired += s.repaired;
    t.failed += s.failed;
  }
  return t;
}

const checksumOf = (data: CheckpointData) => createHash("sha256").update(JSON.stringify(data)).digest("hex");

/** sha256 of what identifies a database (host, port, database name); never user or password. */
export function fingerprint(url: string): string {
  const u = new URL(url);
  const identity = `${u.protocol}//${u.host}${u.pathname}`.toLowerCase();
  return createHash("sha256").update(identity).digest("hex").slice(0, 16);
}

export function emptyCheckpoint(source: string, target: string): CheckpointData {
  return {
    version: CHECKPOINT_VERSION,
    timestamp: new Date().toISOString(),
    complete: false,
    source,
    target,
    tables: {},
    junctions: {},
    failed: {},
    totals: { read: 0, migrated: 0, repaired: 0, failed: 0 },
  };
}

export function loadCheckpoint(path: string, source: string, target: string): CheckpointData | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new MigrateError(
      "BAD_CHECKPOINT",
      `cannot read the checkpoint ${path}: ${(e as Error).message}; fix its permissions, or pass --restart to start over.`,
    );
  }
  const corrupt = (why: string) =>
    new MigrateError(
      "BAD_CHECKPOINT",
      `the checkpoint ${path} is corrupt (${why}); nothing was written. Pass --restart to start over (safe: every write is an idempotent upsert).`,
    );
  let parsed: { checksum?: string; data?: CheckpointData };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt("not JSON");
  }
  const data = parsed?.data;
  if (!data || typeof data !== "object" || typeof parsed.checksum !== "string") throw corrupt("missing fields");
  if (checksumOf(data) !== parsed.checksum) throw corrupt("checksum mismatch");
  if (data.version !== CHECKPOINT_VERSION) throw corrupt(`format version ${data.version}, expected ${CHECKPOINT_VERSION}`);
  if (data.source !== source || data.target !== target) {
    throw new MigrateError(
      "FOREIGN_CHECKPOINT",
      `the checkpoint ${path} belongs to another pair of databases; nothing was written. Point --mongo/--postgres at the databases it was made for, use another --checkpoint file, or pass --restart to start over.`,
    );
  }
  const wrong = shapeProblem(data);
  if (wrong) throw corrupt(wrong);
  return data;
}

/** A checksum proves the file is whole, not that it was written by this tool: an edited one can be re-summed. */
function shapeProblem(data: CheckpointData): string | undefined {
  const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const isId = (id: unknown) => {
    try {
      return typeof id === "string" && (decodeId(id), true);
    } catch {
      return false;
    }
  };
  if (
    !data.tables ||
    typeof data.tables !== "object" ||
    !data.failed ||
    typeof data.failed !== "object" ||
    !data.junctions ||
    typeof data.junctions !== "object"
  )
    return "missing fields";
  for (const [table, t] of Object.entries(data.tables)) {
    if (!t || typeof t !== "object") return `table ${table} is not an object`;
    if (t.cursor !== null && !isId(t.cursor)) return `table ${table} has a cursor that is no Extended JSON _id`;
    if (![t.read, t.migrated, t.repaired, t.failed].every(isCount) || typeof t.done !== "boolean")
      return `table ${table} has counts that are not whole numbers`;
  }
  for (const [table, ids] of Object.entries(data.failed)) {
    if (!Array.isArray(ids) || !ids.every(isId)) return `the failed ids of ${table} are not Extended JSON _ids`;
  }
  return undefined;
}

/**
 * Temp file, fsync, rename, fsync of the folder: a crash leaves the old or the new file, never
 * half. Without blocking the event loop: the two fsyncs overlap the next batch's transform.
 */
export function saveCheckpoint(path: string, data: CheckpointData): Promise<void> {
  return writeCheckpoint(path, serialize(data));
}

async function writeCheckpoint(path: string, text: string): Promise<void> {
  try {
    const file = await open(tempOf(path), "w", 0o600);
    try {
      await file.chmod(0o600);
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempOf(path), path);
    const dir = await open(dirname(path), "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (e) {
    throw writeFailed(path, e);
  }
}

const tempOf = (path: string) => `${path}.tmp`;

function serialize(data: CheckpointData): string {
  data.timestamp = new Date().toISOString();
  data.totals = totalsOf(data.tables);
  return JSON.stringify({ checksum: checksumOf(data), data }, null, 1);
}

const writeFailed = (path: string, e: unknown) =>
  new MigrateError(
    "IO",
    `cannot write the checkpoint ${path}: ${(e as Error).message}; the last committed batch is safe. Free space or fix permissions (or pass --checkpoint elsewhere), then rerun.`,
  );

/**
 * Saves one checkpoint file in order. After a batch commits, `later()` snapshots the state and
 * writes it in the background; the next commit first waits for it (`settled()`), so a crash still
 * redoes at most the batches in flight (one per table being migrated).
 */
export class CheckpointWriter {
  private inFlight: Promise<void> = Promise.resolve();
  /** The state the next write takes, while that write waits for the one before. */
  private next: string | null = null;
  constructor(
    private readonly path: string,
    private readonly data: CheckpointData,
  ) {}

  later(): void {
    // Batches a rerun finds unchanged commit nothing, and follow each other faster than the
    // fsyncs: a save that has not started yet takes the newest state instead of queueing another.
    const queued = this.next !== null;
    this.next = serialize(this.data);
    if (queued) return;
    this.inFlight = this.inFlight.then(() => {
      const text = this.next!;
      this.next = null;
      return writeCheckpoint(this.path, text);
    });
    this.inFlight.catch(() => {}); // surfaces at settled() or now()
  }

  settled(): Promise<void> {
    return this.inFlight;
  }

  /** Saves the state as it is now, after the saves before it (a junction sync and a table may both save). */
  async now(): Promise<void> {
    this.later();
    await this.inFlight;
  }
}

/**
 * The failed documents the checkpoint holds that `reported` (a run's own failures) lacks: those
 * that failed before a pause or a kill. A resumed run counts them, or it would end "0 failed".
 */
export function earlierFailures(cp: CheckpointData, reported: readonly { table: string; mongoId: string }[]) {
  const key = (table: string, mongoId: string) => `${table}\u0000${mongoId}`;
  const seen = new Set(reported.map((f) => key(f.table, f.mongoId)));
  return Object.entries(cp.failed)
    .flatMap(([table, ids]) => ids.map((id) => ({ table, mongoId: identityName(decodeId(id)) })))
    .filter((f) => !seen.has(key(f.table, f.mongoId)))
    .map((f) => ({ ...f, message: "failed before the run was interrupted (the message and document are in the error log)" }));
}

export function deleteCheckpoint(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
