// The one error class users see: a stable code, a one-line message that says what to do, an exit code.

/** Exit codes of DESIGN section 6. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  paused: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | "USAGE"
  | "BAD_URL"
  | "MISSING_URL"
  | "UNREACHABLE"
  | "SCHEMA_MISSING"
  | "SCHEMA_DIFFERS"
  | "NEXTCRM_UPGRADED"
  | "FOREIGN_SCHEMA"
  | "EXTENSION"
  | "BAD_CHECKPOINT"
  | "FOREIGN_CHECKPOINT"
  | "LOCKED"
  | "IO"
  | "SERVER";

const exitFor: Record<ErrorCode, ExitCode> = {
  USAGE: ExitCode.usage,
  BAD_URL: ExitCode.usage,
  MISSING_URL: ExitCode.usage,
  UNREACHABLE: ExitCode.unreachable,
  SCHEMA_MISSING: ExitCode.usage,
  SCHEMA_DIFFERS: ExitCode.usage,
  NEXTCRM_UPGRADED: ExitCode.usage,
  FOREIGN_SCHEMA: ExitCode.usage,
  EXTENSION: ExitCode.usage,
  BAD_CHECKPOINT: ExitCode.usage,
  FOREIGN_CHECKPOINT: ExitCode.usage,
  LOCKED: ExitCode.usage,
  IO: ExitCode.usage,
  SERVER: ExitCode.failed,
};

export class MigrateError extends Error {
  readonly exitCode: ExitCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MigrateError";
    this.exitCode = exitFor[code];
  }
}

export const isMigrateError = (e: unknown): e is MigrateError => e instanceof MigrateError;
