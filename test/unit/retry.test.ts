// withRetry: a lost connection is retried with doubling delays, then given up on as ConnectionLost;
// any other failure goes straight through. Fake timers keep the delays (seconds) out of the test's time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RETRY_ATTEMPTS, RETRY_BASE_MS } from "../../src/defaults.js";
import { MigrateError } from "../../src/errors.js";
import { ConnectionLost, withRetry } from "../../src/migrate/retry.js";

const lost = () => Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
const mongoLost = () => Object.assign(new Error("connection closed"), { name: "MongoNetworkError" });
const dataError = () =>
  Object.assign(new Error("duplicate key value violates unique constraint"), { name: "PostgresError", code: "23505" });

/** A function that fails with `failures` in turn, then returns "done"; `calls` counts its calls. */
function failing(...failures: (() => unknown)[]) {
  const f = async () => {
    f.calls++;
    const next = failures.shift();
    if (next) throw next();
    return "done";
  };
  f.calls = 0;
  return f;
}

/** Runs withRetry to its end, its delays passed on the fake clock; what it returned or threw, the retries announced and the time waited. */
async function settle<T>(run: (onRetry: (m: string) => void) => Promise<T>) {
  const retries: string[] = [];
  const started = Date.now();
  const outcome = run((m) => retries.push(m)).then(
    (value): { value?: T; error?: unknown } => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  return { ...(await outcome), retries, waited: Date.now() - started };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("withRetry", () => {
  it("retries a lost connection, then returns what the function returns", async () => {
    const fn = failing(lost, mongoLost);
    const r = await settle((onRetry) => withRetry("PostgreSQL", fn, onRetry));
    expect(r).toMatchObject({ value: "done" });
    expect(fn.calls).toBe(3);
    expect(r.retries).toEqual([
      `PostgreSQL connection lost (read ECONNRESET); retry 1 of ${RETRY_ATTEMPTS - 1} in ${RETRY_BASE_MS} ms`,
      `PostgreSQL connection lost (connection closed); retry 2 of ${RETRY_ATTEMPTS - 1} in ${RETRY_BASE_MS * 2} ms`,
    ]);
    expect(r.waited).toBe(RETRY_BASE_MS * 3);
  });

  it("gives up after its attempts with ConnectionLost, naming the server and the last error", async () => {
    const fn = failing(...Array.from({ length: RETRY_ATTEMPTS + 3 }, () => lost));
    const r = await settle((onRetry) => withRetry("MongoDB", fn, onRetry));
    expect(fn.calls).toBe(RETRY_ATTEMPTS);
    expect(r.error).toBeInstanceOf(ConnectionLost);
    expect((r.error as ConnectionLost).message).toBe(`MongoDB stayed unreachable after ${RETRY_ATTEMPTS} attempts: read ECONNRESET`);
    expect((r.error as ConnectionLost).cause).toMatchObject({ code: "ECONNRESET" });
    expect(r.retries).toHaveLength(RETRY_ATTEMPTS - 1);
    // Doubling delays: base, 2 × base, 4 × base, ... between the attempts.
    expect(r.waited).toBe(RETRY_BASE_MS * (2 ** (RETRY_ATTEMPTS - 1) - 1));
  });

  it.each([
    ["a data error", dataError],
    ["an error of no server", () => new TypeError("x is not a function")],
    ["a MigrateError", () => new MigrateError("SERVER", "the stage is gone")],
    ["a server's refusal that is not a lost connection", () => Object.assign(new Error("permission denied"), { code: "42501" })],
  ])("never retries %s: it is thrown as it is, at once", async (_what, error) => {
    const fn = failing(error, lost);
    const r = await settle((onRetry) => withRetry("PostgreSQL", fn, onRetry));
    expect(fn.calls).toBe(1);
    expect(r.error).not.toBeInstanceOf(ConnectionLost);
    expect(r.error).toMatchObject({ message: (error() as Error).message });
    expect(r.retries).toEqual([]);
    expect(r.waited).toBe(0);
  });

  it("a data error after a lost connection ends the retries with that error", async () => {
    const error = dataError();
    const fn = failing(lost, () => error);
    const r = await settle((onRetry) => withRetry("PostgreSQL", fn, onRetry));
    expect(r.error).toBe(error);
    expect(fn.calls).toBe(2);
    expect(r.retries).toHaveLength(1);
  });
});
