// The errors users see and how failures are met: one error class with a stable code, a one-line
// message that says what to do and an exit code; and one table that classifies a driver's error
// as a lost connection, the data's fault, or anything else.
import { maskUrl, scrub } from "./mask.js";

/** Exit codes: docs/ARCHITECTURE.md, "Errors and exit codes". */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  /** The database is not in the state the command needs yet (after-upgrade before NextCRM's upgrade). */
  notReady: 4,
  /**
   * An unexpected error (anything not a MigrateError): a crash, not a result; EX_SOFTWARE of
   * sysexits.h. A migration's checkpoint holds every batch committed before it.
   */
  internal: 70,
  paused: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | "USAGE"
  | "BAD_URL"
  | "MISSING_URL"
  | "UNREACHABLE"
  | "EMPTY_SOURCE"
  | "SCHEMA_MISSING"
  | "SCHEMA_DIFFERS"
  | "NEXTCRM_UPGRADED"
  | "FOREIGN_SCHEMA"
  | "FOREIGN_ROWS"
  | "EXTENSION"
  | "PERMISSION"
  | "BAD_CHECKPOINT"
  | "FOREIGN_CHECKPOINT"
  | "LOCKED"
  | "IO"
  | "NOT_MIGRATED"
  | "NOT_UPGRADED"
  | "SERVER";

/** Each code's exit status; README.md's table under "Exit codes" lists them all, with what to do. */
export const EXIT_STATUS: Readonly<Record<ErrorCode, ExitCode>> = {
  USAGE: ExitCode.usage,
  BAD_URL: ExitCode.usage,
  MISSING_URL: ExitCode.usage,
  UNREACHABLE: ExitCode.unreachable,
  EMPTY_SOURCE: ExitCode.usage,
  SCHEMA_MISSING: ExitCode.usage,
  SCHEMA_DIFFERS: ExitCode.usage,
  NEXTCRM_UPGRADED: ExitCode.usage,
  FOREIGN_SCHEMA: ExitCode.usage,
  FOREIGN_ROWS: ExitCode.usage,
  EXTENSION: ExitCode.usage,
  PERMISSION: ExitCode.usage,
  BAD_CHECKPOINT: ExitCode.usage,
  FOREIGN_CHECKPOINT: ExitCode.usage,
  LOCKED: ExitCode.usage,
  IO: ExitCode.usage,
  NOT_MIGRATED: ExitCode.notReady,
  NOT_UPGRADED: ExitCode.notReady,
  SERVER: ExitCode.failed,
};

/** insufficient_privilege: PostgreSQL refused a statement for lack of a right. */
export const NOT_PERMITTED = "42501";

export class MigrateError extends Error {
  readonly exitCode: ExitCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrateError";
    this.exitCode = EXIT_STATUS[code];
  }
}

/** The code printed for an error that is not a MigrateError: a crash, exit 70 (ExitCode.internal). */
export const INTERNAL = "INTERNAL";

/** How the command line prints an error: its stable code, which users can quote and scripts match, and its one line. */
export const errorLine = (code: ErrorCode | typeof INTERNAL, message: string) => `error [${code}]: ${message}`;

export const isMigrateError = (e: unknown): e is MigrateError => e instanceof MigrateError;

/** A server that could not be reached or would not let us in: exit 3, with what to check. */
export function unreachable(what: string, url: string, e: unknown): MigrateError {
  const reason = scrub(e instanceof Error ? e.message : String(e));
  const code = (e as { code?: string }).code;
  const auth = code === "28P01" || code === "28000" || /auth/i.test(reason);
  const hint = /no encryption/.test(reason)
    ? " (the server accepts only TLS: add sslmode=verify-full&sslrootcert=<CA file> to the URL)"
    : auth
      ? " (check the user and password)"
      : "";
  return new MigrateError(
    "UNREACHABLE",
    `${what} at ${maskUrl(url)} could not be reached: ${reason}${hint}; check that the server runs and the URL is right.`,
    { cause: e },
  );
}

/**
 * The target holds rows no source document accounts for (src/postgres/foreign.ts), per table: a
 * migration refuses to write beside them (without --allow-existing), and a dry run says it would.
 */
export function foreignRowsRefusal(found: readonly { table: string; rows: number }[]): MigrateError {
  const list = found.map((f) => `${f.table}: ${f.rows}`).join(", ");
  return new MigrateError(
    "FOREIGN_ROWS",
    `the target already holds rows that are no MongoDB document's (${list}): made by NextCRM or by hand, or left by an earlier migration of documents since deleted from MongoDB; nothing was written. Migrate into a fresh database (create it, then \`schema apply\`), or pass --allow-existing to keep them (a source document that collides with one on a unique value, such as a user's email, then fails, and is listed).`,
  );
}

/**
 * How a failure is met: `connection` (the server went away: reconnect and resend), `data` (the
 * record's fault: isolate it), `other` (stop, with the checkpoint saved).
 */
export type ErrorKind = "connection" | "data" | "other";

/** PostgreSQL SQLSTATEs and socket and driver codes (postgres.js, Node) that mean "the connection". */
const CONNECTION_CODES = new Set([
  "57P01",
  "57P02",
  "57P03", // admin shutdown, crash shutdown, cannot connect now
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** The MongoDB driver's errors of a lost or unselectable server. */
const MONGO_NETWORK = /MongoNetwork|MongoServerSelection|MongoNotConnected|MongoTopologyClosed|PoolClosed|PoolCleared/;

/**
 * MongoDB server codes that mean "the server, not the query": the driver's retryable-read codes
 * (host unreachable, shutting down, stepped down, ...) and CursorNotFound (43), which is what a
 * getMore gets from a server that restarted since the cursor was opened.
 */
const MONGO_INTERRUPTED = new Set([6, 7, 43, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

export function classify(e: unknown): ErrorKind {
  const { name = "", code } = (e as { name?: string; code?: unknown } | null) ?? {};
  if (typeof code === "string" && (code.startsWith("08") || CONNECTION_CODES.has(code))) return "connection";
  if (MONGO_NETWORK.test(name) || (/^Mongo/.test(name) && typeof code === "number" && MONGO_INTERRUPTED.has(code))) return "connection";
  // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation), and 54000: a
  // value too large for an index row or a tsvector is one record's, and halving finds it.
  if (typeof code === "string" && (/^2[23][0-9A-Z]{3}$/.test(code) || code === "54000")) return "data";
  return "other";
}

export const isConnectionLost = (e: unknown) => classify(e) === "connection";
export const isDataError = (e: unknown) => classify(e) === "data";
