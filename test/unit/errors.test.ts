// classify(): one table for both drivers, which decides whether a failure is retried, isolated to
// its record, or stops the run; and the line and exit code an error becomes (docs/ARCHITECTURE.md,
// "Errors and exit codes").
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { classify, type ErrorKind, errorLine, ExitCode, isConnectionLost, isDataError, MigrateError } from "../../src/errors.js";
import { exitCodeOf } from "../../src/process.js";

/** An error as postgres.js and Node hand them over: a `code` of text. */
const coded = (code: string, name = "PostgresError") => Object.assign(new Error(`failed with ${code}`), { name, code });
/** An error as the MongoDB driver hands them over: its class name, and the server's number as `code`. */
const mongo = (name: string, code?: number) =>
  Object.assign(new Error(`${name} ${code ?? ""}`), { name, ...(code === undefined ? {} : { code }) });

const cases: [string, unknown, ErrorKind][] = [
  // SQLSTATE class 08: connection exception.
  ["08000 connection exception", coded("08000"), "connection"],
  ["08003 connection does not exist", coded("08003"), "connection"],
  ["08006 connection failure", coded("08006"), "connection"],
  ["08P01 protocol violation", coded("08P01"), "connection"],
  // 57P01..03: the server shuts down or cannot take connections now.
  ["57P01 admin shutdown", coded("57P01"), "connection"],
  ["57P02 crash shutdown", coded("57P02"), "connection"],
  ["57P03 cannot connect now", coded("57P03"), "connection"],
  ["57014 query canceled (class 57, not a shutdown)", coded("57014"), "other"],
  // Class 22: data exception; class 23: integrity constraint violation; 54000: a value too large for an index row.
  ["22001 string data right truncation", coded("22001"), "data"],
  ["22P02 invalid text representation", coded("22P02"), "data"],
  ["22021 character not in repertoire", coded("22021"), "data"],
  ["23505 unique violation", coded("23505"), "data"],
  ["23503 foreign key violation", coded("23503"), "data"],
  ["23502 not null violation", coded("23502"), "data"],
  ["23514 check violation", coded("23514"), "data"],
  ["54000 program limit exceeded", coded("54000"), "data"],
  ["54001 statement too complex (not 54000)", coded("54001"), "other"],
  // Others: the run stops, its checkpoint saved.
  ["40001 serialization failure", coded("40001"), "other"],
  ["40P01 deadlock detected", coded("40P01"), "other"],
  ["42P01 undefined table", coded("42P01"), "other"],
  ["42501 insufficient privilege", coded("42501"), "other"],
  ["53100 disk full", coded("53100"), "other"],
  ["XX000 internal error", coded("XX000"), "other"],
  ["P0001 raise exception (a trigger's)", coded("P0001"), "other"],
  ["a code of class 22 that is not five characters", coded("22"), "other"],
  // Sockets (Node) and postgres.js's own codes.
  ["ECONNREFUSED", coded("ECONNREFUSED", "Error"), "connection"],
  ["ECONNRESET", coded("ECONNRESET", "Error"), "connection"],
  ["ETIMEDOUT", coded("ETIMEDOUT", "Error"), "connection"],
  ["EPIPE", coded("EPIPE", "Error"), "connection"],
  ["EHOSTUNREACH", coded("EHOSTUNREACH", "Error"), "connection"],
  ["ENOTFOUND", coded("ENOTFOUND", "Error"), "connection"],
  ["CONNECTION_CLOSED", coded("CONNECTION_CLOSED", "Error"), "connection"],
  ["CONNECTION_ENDED", coded("CONNECTION_ENDED", "Error"), "connection"],
  ["CONNECTION_DESTROYED", coded("CONNECTION_DESTROYED", "Error"), "connection"],
  ["CONNECT_TIMEOUT", coded("CONNECT_TIMEOUT", "Error"), "connection"],
  ["ENOSPC (a disk's, not a connection's)", coded("ENOSPC", "Error"), "other"],
  ["EACCES", coded("EACCES", "Error"), "other"],
  // The MongoDB driver's network errors, whatever their code.
  ["MongoNetworkError", mongo("MongoNetworkError"), "connection"],
  ["MongoNetworkTimeoutError", mongo("MongoNetworkTimeoutError"), "connection"],
  ["MongoServerSelectionError", mongo("MongoServerSelectionError"), "connection"],
  ["MongoNotConnectedError", mongo("MongoNotConnectedError"), "connection"],
  ["MongoTopologyClosedError", mongo("MongoTopologyClosedError"), "connection"],
  ["PoolClosedError", mongo("PoolClosedError"), "connection"],
  ["PoolClearedError", mongo("PoolClearedError"), "connection"],
  // MongoDB server codes of the server, not the query.
  ["43 CursorNotFound", mongo("MongoServerError", 43), "connection"],
  ["6 HostUnreachable", mongo("MongoServerError", 6), "connection"],
  ["7 HostNotFound", mongo("MongoServerError", 7), "connection"],
  ["89 NetworkTimeout", mongo("MongoServerError", 89), "connection"],
  ["91 ShutdownInProgress", mongo("MongoServerError", 91), "connection"],
  ["189 PrimarySteppedDown", mongo("MongoServerError", 189), "connection"],
  ["262 ExceededTimeLimit", mongo("MongoServerError", 262), "connection"],
  ["9001 SocketException", mongo("MongoServerError", 9001), "connection"],
  ["10107 NotWritablePrimary", mongo("MongoServerError", 10107), "connection"],
  ["11600 InterruptedAtShutdown", mongo("MongoServerError", 11600), "connection"],
  ["11602 InterruptedDueToReplStateChange", mongo("MongoServerError", 11602), "connection"],
  ["13435 NotPrimaryNoSecondaryOk", mongo("MongoServerError", 13435), "connection"],
  ["13436 NotPrimaryOrSecondary", mongo("MongoServerError", 13436), "connection"],
  // MongoDB server codes of the query: the run stops.
  ["11000 DuplicateKey", mongo("MongoServerError", 11000), "other"],
  ["2 BadValue", mongo("MongoServerError", 2), "other"],
  ["13 Unauthorized", mongo("MongoServerError", 13), "other"],
  // A code of the list on an error that is not the MongoDB driver's is not a lost server.
  ["43 on an error that is not MongoDB's", Object.assign(new Error("x"), { code: 43 }), "other"],
  // Not errors, or errors of nothing the table knows.
  ["null", null, "other"],
  ["undefined", undefined, "other"],
  ["a string", "ECONNRESET", "other"],
  ["a number", 43, "other"],
  ["a plain Error", new Error("boom"), "other"],
  ["a TypeError", new TypeError("x is not a function"), "other"],
  ["an object with a code of SQLSTATE 23505", { code: "23505" }, "data"],
  ["a MigrateError", new MigrateError("USAGE", "no"), "other"],
];

describe("classify", () => {
  it.each(cases)("%s → %s", (_what, e, kind) => {
    expect(classify(e)).toBe(kind);
    expect(isConnectionLost(e)).toBe(kind === "connection");
    expect(isDataError(e)).toBe(kind === "data");
  });
});

describe("errorLine", () => {
  it("leads with the code, which users quote and scripts match", () => {
    expect(errorLine("BAD_CHECKPOINT", "the checkpoint x is corrupt")).toBe("error [BAD_CHECKPOINT]: the checkpoint x is corrupt");
    expect(errorLine("INTERNAL", "boom")).toBe("error [INTERNAL]: boom");
  });

  it("MigrateError keeps the exit status of its code", () => {
    expect(new MigrateError("USAGE", "x").exitCode).toBe(2);
    expect(new MigrateError("UNREACHABLE", "x").exitCode).toBe(3);
    expect(new MigrateError("NOT_UPGRADED", "x").exitCode).toBe(4);
    expect(new MigrateError("SERVER", "x").exitCode).toBe(1);
  });
});

describe("exitCodeOf: what the command line prints for what a command throws", () => {
  const printed = () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void lines.push(a.join(" ")));
    return lines;
  };
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a command's own exit code passes through, printing nothing", async () => {
    const lines = printed();
    expect(await exitCodeOf(async () => ExitCode.failed)).toBe(1);
    expect(lines).toEqual([]);
  });

  it("a MigrateError: one line with its code, and its exit status", async () => {
    const lines = printed();
    const code = await exitCodeOf(async () => {
      throw new MigrateError("LOCKED", "another migration is running");
    });
    expect(code).toBe(2);
    expect(lines).toEqual(["error [LOCKED]: another migration is running"]);
  });

  it("anything else: INTERNAL, exit 70, the message scrubbed, with where the checkpoint stands and --debug", async () => {
    const lines = printed();
    const dir = mkdtempSync(join(tmpdir(), "nextcrm-exit-"));
    const checkpoint = join(dir, "cp.json");
    const crash = async () => {
      throw new TypeError("cannot read x of postgres://me:secret@host/db");
    };
    expect(await exitCodeOf(crash, { checkpoint })).toBe(ExitCode.internal);
    expect(lines).toEqual([
      "error [INTERNAL]: TypeError: cannot read x of postgres://me:***@host/db",
      "(run again with --debug for the stack trace)",
    ]);

    lines.length = 0;
    writeFileSync(checkpoint, "{}");
    expect(await exitCodeOf(crash, { checkpoint, debug: true })).toBe(70);
    expect(lines[0]).toBe(
      `error [INTERNAL]: the migration stopped: TypeError: cannot read x of postgres://me:***@host/db; the checkpoint at ${checkpoint} holds every batch committed before this; rerun the same command to resume.`,
    );
    expect(lines[1]).toMatch(/^TypeError: .*\n\s+at /);
    expect(lines.join("\n")).not.toContain("secret");
  });
});
