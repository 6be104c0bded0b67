// The bisecting write on a real PostgreSQL: for any batch and any set of bad rows in it, exactly
// the good rows commit and exactly the bad ones are reported, each once.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDataError } from "../../src/errors.js";
import { writeIsolating } from "../../src/postgres/bisect.js";
import { openPostgres, type Sql } from "../../src/postgres/connect.js";
import { newPostgres, type Disposable } from "../helpers/databases.js";

let db: Disposable;
let sql: Sql;

beforeAll(async () => {
  db = await newPostgres();
  sql = await openPostgres(db.url, { max: 2 });
  // A row is bad when PostgreSQL says so: a check constraint (class 23) or a value out of range (22).
  await sql`create table probe (id int primary key, v int not null check (v >= 0))`;
});

afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

interface Row {
  id: number;
  /** Negative breaks the check constraint; beyond int4 is out of range. */
  v: number;
}

const batch = fc.uniqueArray(
  fc.record({
    id: fc.nat(10_000),
    v: fc.oneof({ weight: 6, arbitrary: fc.nat(100) }, fc.integer({ min: -5, max: -1 }), fc.constant(2 ** 31)),
  }),
  {
    selector: (r) => r.id,
    minLength: 0,
    maxLength: 60,
  },
);

describe("writeIsolating", () => {
  it("commits exactly the good rows of any batch and reports exactly the bad ones", async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (rows) => {
        await sql`truncate probe`;
        const rejected: { row: Row; error: unknown }[] = [];
        let transactions = 0;
        const write = (part: Row[]) =>
          sql
            .begin(async (tx) => {
              transactions++;
              await tx.unsafe(`insert into probe select * from json_populate_recordset(null::probe, $1::text::json)`, [
                JSON.stringify(part),
              ]);
            })
            .then(() => {});
        const committed = await writeIsolating(rows, write, (row, error) => rejected.push({ row, error }));
        const isBad = (r: Row) => r.v < 0 || r.v > 2 ** 31 - 1;
        const stored = (await sql<{ id: number; v: number }[]>`select id, v from probe order by id`).map((r) => ({ id: r.id, v: r.v }));
        const byId = (a: Row, b: Row) => a.id - b.id;
        expect(stored).toEqual(rows.filter((r) => !isBad(r)).sort(byId));
        expect(committed).toEqual(rows.filter((r) => !isBad(r)));
        expect(rejected.map((x) => x.row).sort(byId)).toEqual(rows.filter(isBad).sort(byId));
        for (const { error } of rejected) expect(isDataError(error)).toBe(true);
        // Halving costs a few transactions per bad row, not one per row.
        const bad = rows.filter(isBad).length;
        expect(transactions).toBeLessThanOrEqual(1 + 2 * bad * Math.max(1, Math.ceil(Math.log2(rows.length + 1))));
      }),
      { numRuns: 60 },
    );
  });

  it("throws an error that is no row's fault as it is, without halving", async () => {
    const lost = Object.assign(new Error("connection lost"), { code: "CONNECTION_CLOSED" });
    let calls = 0;
    const write = async () => {
      calls++;
      throw lost;
    };
    await expect(writeIsolating([1, 2, 3], write, () => {})).rejects.toBe(lost);
    expect(calls).toBe(1);
  });
});
