// Retrying what a lost connection interrupted, with doubling delays; what counts as a lost
// connection is src/errors.ts's classify(), for both drivers.
import { RETRY_ATTEMPTS, RETRY_BASE_MS } from "../defaults.js";
import { isConnectionLost } from "../errors.js";

/** The server stayed away through every retry: the run pauses as on Ctrl+C. */
export class ConnectionLost extends Error {
  override name = "ConnectionLost";
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn`, retrying while it fails because the connection to `what` did, with doubling delays. */
export async function withRetry<T>(
  what: "PostgreSQL" | "MongoDB",
  fn: () => Promise<T>,
  onRetry: (message: string) => void = () => {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isConnectionLost(e)) throw e;
      if (attempt >= RETRY_ATTEMPTS)
        throw new ConnectionLost(`${what} stayed unreachable after ${attempt} attempts: ${(e as Error).message}`, { cause: e });
      const delay = RETRY_BASE_MS * 2 ** (attempt - 1);
      onRetry(`${what} connection lost (${(e as Error).message}); retry ${attempt} of ${RETRY_ATTEMPTS - 1} in ${delay} ms`);
      await sleep(delay);
    }
  }
}
