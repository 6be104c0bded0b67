// Tunables, each with its unit. Everything else is derived.

/** Documents per batch (one transaction each). */
export const BATCH_SIZE = 1000;

/**
 * The most documents `--batch-size` takes. A batch is held in memory several times over (bytes,
 * documents, rows, text) and is one transaction: beyond this, memory and the source's reply sizes
 * grow with nothing gained.
 */
export const MAX_BATCH_SIZE = 10_000;

/** Attempts for a statement that failed because the connection did, before pausing the run. */
export const RETRY_ATTEMPTS = 6;

/** First backoff delay in milliseconds; doubles per attempt (0.5 s, 1 s, 2 s, ... 16 s). */
export const RETRY_BASE_MS = 500;

/** `_id`s per reply when only the ids of a collection are read (the check for rows without a source). */
export const ID_BATCH_SIZE = 5000;

/** Documents per table the validator compares field by field unless told otherwise (`--sample`, `--full`). */
export const SAMPLE_SIZE = 100;

/** Where the checkpoint, error log and reports go unless told otherwise (relative to cwd). */
export const CHECKPOINT_FILE = "migration-checkpoint.json";
export const ERROR_LOG_FILE = "migration-errors.log";
export const REPORT_FILE = "migration-report.json";
export const VALIDATION_REPORT_FILE = "migration-validation-report.json";
export const DRY_RUN_REPORT_FILE = "migration-dry-run.json";

/** Milliseconds between redraws of a table's progress in a terminal (each redraws every task). */
export const TTY_PROGRESS_INTERVAL_MS = 250;

/** Milliseconds between progress lines per table when stdout is not a terminal. */
export const PLAIN_PROGRESS_INTERVAL_MS = 2000;

/** Tables migrated at once (each waits for the tables it references), each on its own connection. */
export const TABLE_LANES = 2;

/** Junctions synced at once, each on its own PostgreSQL connection (the pool holds 5). */
export const JUNCTION_SYNCS = 2;
