// What a command asks of the Node process it runs in: a bounded heap, Ctrl+C as a pause, and an
// exit code for whatever it throws (docs/ARCHITECTURE.md, "Errors and exit codes").
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { EXIT_STATUS, ExitCode, errorLine, INTERNAL, isMigrateError, NOT_PERMITTED } from "./errors.js";
import { scrub } from "./mask.js";
import { oneLine } from "./report/format.js";

/**
 * V8 lets the heap grow to several times what survives a collection before collecting again;
 * doubling at most keeps a run's peak heap near twice its live data whatever the database size,
 * for a little more time collecting.
 */
export const boundHeapGrowth = () => setFlagsFromString("--heap-growing-percent=100");

/** Ctrl+C and SIGTERM ask a run to stop after the batches in flight; a second one quits at once. */
export function stopOnSignals(): { requested: boolean } {
  const stop = { requested: false };
  const onSignal = (signal: string) => {
    if (stop.requested) process.exit(ExitCode.paused); // second Ctrl+C: the checkpoint is already consistent
    stop.requested = true;
    process.stderr.write(`\n${signal}: pausing after the batches in flight (Ctrl+C again to quit at once)...\n`);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return stop;
}

export interface Outcome {
  /** The checkpoint a migration keeps, if the command is one: the crash line says where it stands. */
  checkpoint?: string | undefined;
  /** Print the stack of a crash. */
  debug?: boolean;
}

/**
 * The exit code of `command`: its own, a MigrateError's (one line with its code), or 70 for
 * anything else. The tool's own messages mask the URLs they name (maskUrl) and keep their
 * examples readable; anything else may carry a driver's text, and is scrubbed.
 */
export async function exitCodeOf(command: () => Promise<number>, o: Outcome = {}): Promise<number> {
  // An error no code awaits (a promise rejected in the background) is a crash too, never Node's
  // exit 1 ("finished, some records failed"); only where nobody else (a test runner) handles them.
  const unawaited = (e: unknown) => process.exit(crashed(e, "holds the run as its last save left it", o));
  const guard = process.listenerCount("uncaughtException") + process.listenerCount("unhandledRejection") === 0;
  if (guard) {
    process.on("uncaughtException", unawaited);
    process.on("unhandledRejection", unawaited);
  }
  try {
    return await command();
  } catch (e) {
    if (isMigrateError(e)) {
      console.error(errorLine(e.code, e.message));
      return e.exitCode;
    }
    if ((e as { code?: unknown } | null)?.code === NOT_PERMITTED) return refused(e as Error, o);
    return crashed(e, "holds every batch committed before this", o);
  } finally {
    if (guard) {
      process.off("uncaughtException", unawaited);
      process.off("unhandledRejection", unawaited);
    }
  }
}

/**
 * A right the connecting role lacks is the setup's to fix (exit 2), not a crash: every table and
 * schema the tool uses belongs to the role that ran `schema apply` (README, "Roles").
 */
function refused(e: Error, o: Outcome): number {
  const where = checkpointKept(o) ? ` The checkpoint at ${o.checkpoint} holds every batch committed before this.` : "";
  const line = `PostgreSQL refused this role a right it needs (${oneLine(scrub(String(e.message)))}); run the command as the role that ran \`schema apply\`, which owns the tables, or see README, "Roles", for what to grant, then rerun it.${where}`;
  console.error(errorLine("PERMISSION", line));
  if (o.debug) printStack(e);
  return EXIT_STATUS.PERMISSION;
}

/**
 * An error that is not a MigrateError is a crash, not a result: its own exit code, one line
 * saying what happened and where the checkpoint stands (a migration saves it before it throws:
 * src/migrate/run.ts), the stack with --debug. `saved`: what the checkpoint holds then.
 */
function crashed(e: unknown, saved: string, o: Outcome): number {
  let label: string;
  try {
    const err = e as Error;
    const message = oneLine(scrub(err instanceof Error ? String(err.message) : String(e)));
    label = err instanceof Error && err.name && err.name !== "Error" ? `${err.name}: ${message}` : message;
  } catch {
    label = "(an error whose message cannot be read)";
  }
  const where = checkpointKept(o) ? `; the checkpoint at ${o.checkpoint} ${saved}; rerun the same command to resume.` : "";
  console.error(errorLine(INTERNAL, `${where ? "the migration stopped: " : ""}${label}${where}`));
  if (o.debug) printStack(e);
  else console.error("(run again with --debug for the stack trace)");
  return ExitCode.internal;
}

/** Whether the command keeps a checkpoint, and it exists: the error line then says where the run stands. */
const checkpointKept = (o: Outcome): boolean => !!o.checkpoint && existsSync(o.checkpoint);

const printStack = (e: unknown) => console.error(scrub((e as Error)?.stack ?? ""));
