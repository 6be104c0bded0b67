// migration-errors.log: one entry per failed document, in the spec's format, secrets redacted,
// written as it happens (mode 0600) so a crash loses no entry.
import { appendFileSync, chmodSync, closeSync, openSync } from "node:fs";
import { MigrateError } from "../errors.js";
import { showDocument } from "./redact.js";

export interface FailureEntry {
  table: string;
  mongoId: string;
  message: string;
  stack?: string | undefined;
  document: unknown;
}

export class ErrorLog {
  private opened = false;
  constructor(
    readonly path: string,
    private readonly scrub: (s: string) => string,
  ) {}

  private open() {
    if (this.opened) return;
    try {
      closeSync(openSync(this.path, "a", 0o600));
      chmodSync(this.path, 0o600);
    } catch (e) {
      throw new MigrateError("IO", `cannot write the error log ${this.path}: ${(e as Error).message}; pass --error-log elsewhere.`);
    }
    this.opened = true;
  }

  /** Repairs: not failures, but the user should be able to find them. One write per batch. */
  warnings(repairs: readonly { table: string; mongoId: string; detail: string }[]): void {
    if (!repairs.length) return;
    this.open();
    const at = new Date().toISOString();
    const text = repairs.map((r) => `[${at}] WARNING repair in table "${r.table}" ObjectId ${r.mongoId}: ${r.detail}\n`).join("");
    appendFileSync(this.path, text, { mode: 0o600 });
  }

  append(entry: FailureEntry): void {
    this.open();
    const text = [
      `[${new Date().toISOString()}] ERROR in table "${entry.table}"`,
      `MongoDB ObjectId: ${entry.mongoId}`,
      `Error: ${this.scrub(entry.message)}`,
      `Stack: ${this.scrub(entry.stack ?? "(none)")}`,
      "Original Document:",
      showDocument(entry.document),
      "---",
      "",
    ].join("\n");
    appendFileSync(this.path, text, { mode: 0o600 });
  }
}
