// What the migrator needs of its PostgreSQL driver (postgres.js), shown on a real server through
// the pool the tool opens (src/postgres/connect.ts). Each of these failed with postgres.js 3.4.9:
// a small COPY waited for the server's delayed ACK (Nagle's algorithm on its sockets); a backend
// that went away mid-transaction made the driver write to a closed socket from an Immediate,
// which ended the process (porsager/postgres#1154, #1208). The third, a COPY the server rejects
// after its last row settling with the server's error, is in copy-text.test.ts.
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isConnectionLost } from "../../src/errors.js";
import { openPostgres, type Sql } from "../../src/postgres/connect.js";
import { newPostgres, type Disposable } from "../helpers/databases.js";

let db: Disposable;
let sql: Sql;

beforeAll(async () => {
  db = await newPostgres();
  sql = await openPostgres(db.url, { max: 2 });
  await sql.unsafe(`create table small (id integer, t text)`);
});

afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

describe("the PostgreSQL driver", () => {
  it("sends a small COPY's end at once: no wait for the server's delayed ACK (no Nagle's algorithm)", async () => {
    const took: number[] = [];
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      await sql.begin(async (tx) => {
        const stream = (await tx.unsafe(`copy small (id, t) from stdin`).writable()) as Writable;
        stream.end(`${i}\tone row\n`);
        await finished(stream);
      });
      took.push(performance.now() - started);
    }
    took.sort((a, b) => a - b);
    // With Nagle's algorithm the last few bytes (CopyDone) wait for the ACK of the data before
    // them, which the server delays by 40 ms or more: every such COPY took 90-120 ms here, without
    // it well under 1 ms. The bound leaves room for a busy machine.
    expect(took[10], `median of ${took.map((t) => t.toFixed(1)).join(", ")} ms`).toBeLessThan(20);
  });

  it("rejects a transaction whose backend was terminated with a connection error, never crashes, and goes on", async () => {
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    const uncaught: unknown[] = [];
    const record = (e: unknown) => uncaught.push(e);
    process.on("uncaughtException", record);
    try {
      for (let i = 0; i < 20; i++) {
        const outcome = await sql
          .begin(async (tx) => {
            const [{ pid }] = (await tx`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
            const sleeping = tx`select pg_sleep(5)`;
            setTimeout(() => void admin`select pg_terminate_backend(${pid})`.catch(() => {}), 20);
            return sleeping;
          })
          .then(
            () => "finished",
            (e: unknown) => e,
          );
        expect(isConnectionLost(outcome), `run ${i}: ${String(outcome)}`).toBe(true);
        // The pool connects again, and each query gets its own answer.
        expect(await sql`select ${i}::int as i`).toEqual([{ i }]);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", record);
      await admin.end();
    }
  });
});
