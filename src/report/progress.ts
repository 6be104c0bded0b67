// The one owner of the terminal during a migration: a listr2 task per table (bar, processed/total,
// records/s, ETA, overall percentage) in a terminal, a plain line per update when piped.
import { Listr, type ListrTask, type ListrTaskWrapper } from "listr2";
import { PLAIN_PROGRESS_INTERVAL_MS, TTY_PROGRESS_INTERVAL_MS } from "../defaults.js";
import { duration, fmt, pairChanges } from "./format.js";
import type { JunctionResult } from "../postgres/junctionSync.js";
import type { MigrationEvents, TableProgress } from "../migrate/run.js";

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  task?: ListrTaskWrapper<unknown, never, never>;
  started: number;
  lastLine: number;
  total: number;
  title: string;
}

function deferred(title: string, total: number): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve, started: 0, lastLine: 0, total, title };
}

function bar(fraction: number, width = 20): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return "█".repeat(full) + "░".repeat(width - full);
}

export class ProgressReporter {
  private readonly items = new Map<string, Deferred>();
  private listr?: Listr;
  private running?: Promise<unknown>;
  private grandTotal = 0;
  private readonly processed = new Map<string, number>();
  readonly tty: boolean;

  constructor(private readonly warn: (line: string) => void = (l) => process.stderr.write(`warning: ${l}\n`)) {
    this.tty = !!process.stdout.isTTY && process.env.TERM !== "dumb";
  }

  private overall(): string {
    const done = [...this.processed.values()].reduce((a, b) => a + b, 0);
    return this.grandTotal ? `${Math.floor((done / this.grandTotal) * 100)}% overall` : "";
  }

  /** Piped output has no task list around it, so each line names its table. */
  private line(s: TableProgress, d: Deferred): string {
    const elapsed = Math.max(1, Date.now() - d.started);
    const rate = (s.read / elapsed) * 1000;
    const left = Math.max(0, s.total - s.read);
    const eta = rate > 0 ? duration((left / rate) * 1000) : "?";
    const frac = s.total ? s.read / s.total : 1;
    const extra = [s.repaired ? `${fmt(s.repaired)} repaired` : "", s.failed ? `${fmt(s.failed)} failed` : ""].filter(Boolean).join(", ");
    return `${this.tty ? "" : `${d.title} `}[${bar(frac)}] ${Math.floor(frac * 100)}% ${fmt(s.read)}/${fmt(s.total)} · ${fmt(Math.round(rate))} rec/s · ETA ${eta}${extra ? ` · ${extra}` : ""} · ${this.overall()}`;
  }

  readonly events: MigrationEvents = {
    plan: (tables, junctions) => {
      this.grandTotal = tables.reduce((a, t) => a + t.total, 0);
      for (const t of tables) this.items.set(t.name, deferred(t.name, t.total));
      for (const j of junctions) this.items.set(j, deferred(j, 0));
      this.listr = new Listr(
        [...this.items.values()].map((d) => ({
          title: d.title,
          task: async (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) => {
            d.task = task;
            await d.promise;
          },
          // A finished task's title carries its result; its bar need not be redrawn forever.
          rendererOptions: { persistentOutput: false },
        })) as unknown as ListrTask[],
        {
          concurrent: true,
          exitOnError: false,
          // The migrator pauses on Ctrl+C itself; listr2's own handler would exit at once.
          registerSignalListeners: false,
          renderer: "default",
          fallbackRenderer: "simple",
          fallbackRendererCondition: !this.tty,
          // Every render draws every task; listr2's spinner loop plus a render per batch cost the
          // migrator several times its CPU in a terminal. Lazy: a render only when an update is shown.
          rendererOptions: { collapseSubtasks: false, lazy: true, formatOutput: "truncate" },
        } as never,
      );
      this.running = this.listr.run().catch(() => {});
    },
    progress: (name, s) => {
      const d = this.items.get(name);
      if (!d) return;
      if (!d.started) d.started = Date.now() - 1;
      this.processed.set(name, s.read);
      const now = Date.now();
      if (now - d.lastLine < (this.tty ? TTY_PROGRESS_INTERVAL_MS : PLAIN_PROGRESS_INTERVAL_MS) && s.read < s.total) return;
      d.lastLine = now;
      if (d.task) d.task.output = this.line(s, d);
    },
    tableDone: (name, s) => {
      const d = this.items.get(name);
      if (!d) return;
      this.processed.set(name, s.read);
      if (d.task) {
        d.task.output = this.line(s, d);
        d.task.title = `${name}: ${fmt(s.read)} read in ${duration(Date.now() - (d.started || Date.now()))}${s.failed ? ` (${fmt(s.failed)} failed)` : ""}`;
      }
      d.resolve();
    },
    junctionStart: (name) => {
      const d = this.items.get(name);
      if (d?.task) d.task.output = "syncing pairs from both sides' arrays...";
      if (d) d.started = Date.now();
    },
    junctionDone: (name, r: JunctionResult) => {
      const d = this.items.get(name);
      if (!d) return;
      if (d.task)
        d.task.title = `${name}: ${fmt(r.pairs)} pairs (${pairChanges(r)}${r.dangling ? `, ${fmt(r.dangling)} dangling entries kept` : ""})`;
      d.resolve();
    },
    warning: (message) => this.warn(message),
  };

  /** Ends the task list: tasks not finished (a pause) are closed as they stand. */
  async finish(): Promise<void> {
    for (const d of this.items.values()) d.resolve();
    await this.running;
  }
}
