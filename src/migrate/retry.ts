// The SQLSTATE table that decides the reaction (STYLE): data errors isolate a record, connection
// errors retry with backoff, anything else stops the run with the checkpoint saved.
import { RETRY_ATTEMPTS, RETRY_BASE_MS } from "../defaults.js";
import { isConnectionError } from "../target/connect.js";

/** Classes 22 (data exception) and 23 (integrity constraint violation): the record's fault. */
export const isDataError = (e: unknown): boolean => /^2[23]/.test(String((e as { code?: unknown } | null)?.code ?? ""));

/**
 * Server errors that mean "the server, not the query": the driver's retryable-read codes (host
 * unreachable, shutting down, stepped down, ...) and CursorNotFound (43), which is what a getMore
 * gets from a server that restarted since the cursor was opened. The read is reopened after the
 * last committed batch.
 */
const MONGO_INTERRUPTED = new Set([6, 7, 43, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

export const isMongoConnectionError = (e: unknown): boolean => {
  const { name = "", code } = (e as { name?: string; code?: unknown } | null) ?? {};
  return (
    /MongoNetwork|MongoServerSelection|MongoNotConnected|MongoTopologyClosed|PoolClosed|PoolCleared/.test(name) ||
    (/^Mongo/.test(name) && typeof code === "number" && MONGO_INTERRUPTED.has(code)) ||
    isConnectionError(e)
  );
};

/** The server stayed away through every retry: the run pauses as on Ctrl+C. */
export class ConnectionLost extends Error {
  override name = "ConnectionLost";
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn`, retrying while `transient(error)` holds, with doubling delays. */
export async function withRetry<T>(
  what: string,
  fn: () => Promise<T>,
  transient: (e: unknown) => boolean,
  onRetry: (message: string) => void = () => {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!transient(e)) throw e;
      if (attempt >= RETRY_ATTEMPTS) throw new ConnectionLost(`${what} stayed unreachable after ${attempt} attempts: ${(e as Error).message}`, { cause: e });
      const delay = RETRY_BASE_MS * 2 ** (attempt - 1);
      onRetry(`${what} connection lost (${(e as Error).message}); retry ${attempt} of ${RETRY_ATTEMPTS - 1} in ${delay} ms`);
      await sleep(delay);
    }
  }
}
