// Where a table's batches go: PostgreSQL in a migration, memory in a dry run (src/dryrun/). The
// runner (src/migrate/tables.ts) reads, transforms and counts the same way for both, so that a
// dry run's outcome per document is the migration's (docs/ARCHITECTURE.md, "The dry run").
import type { Document } from "mongodb";
import type { CollectionMapping } from "../map/types.js";
import type { RawDocument } from "../mongo/raw.js";
import type { Exists, Transformed } from "../transform/document.js";
import type { TableStats } from "./stats.js";

/** A transformed document with its source document, and the hash of its bytes where the target keeps them. */
export type Item = [Transformed, Document, string?];

/**
 * What Target.unchanged found in a batch: its unchanged documents, each with the kinds of the
 * repairs its row holds, and the hash of each document's bytes where the target keeps them.
 */
export interface Unchanged {
  unchanged: ReadonlyMap<RawDocument, readonly string[]>;
  hashes: ReadonlyMap<RawDocument, string>;
}

export interface Target {
  /** Before a table's first batch in this run (a migration tidies what an interrupted run staged). */
  open(c: CollectionMapping, st: TableStats): Promise<void>;
  /**
   * The batch's documents that are unchanged since a run wrote them (docs/ARCHITECTURE.md,
   * "Unchanged documents"): they are not transformed or written again. Each with the kinds of
   * the repairs its row holds, to count it as it was committed; and every document's hash, for
   * its write to record (see Item). None of either in a dry run.
   */
  unchanged(c: CollectionMapping, docs: RawDocument[]): Promise<Unchanged>;
  /** Which rows the batch's references name exist, as a run into the target would find them. */
  references(c: CollectionMapping, docs: Document[]): Promise<Exists>;
  /** Who owns the stub rows a batch needs (src/postgres/stubs.ts), or null without any user. */
  stubOwner(): Promise<string | null>;
  /**
   * Writes the batch; each document that cannot be written goes to `reject` with its error.
   * Resolves to those written, in order.
   */
  write(c: CollectionMapping, items: Item[], owner: string | null, reject: (item: Item, e: unknown) => void): Promise<Item[]>;
  /** Every document of `c` is written. */
  finish(c: CollectionMapping): Promise<void>;
}

/** Where a run keeps its place: the checkpoint in a migration, nowhere in a dry run. */
export interface Saves {
  later(): void;
  now(): Promise<void>;
}
