// A batch's rows as COPY text (src/postgres/copyText.ts) store exactly what the same rows as the
// batch JSON store, on a real PostgreSQL; and a COPY the server rejects fails, not hangs.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type Sql } from "../../src/postgres/connect.js";
import { copyInto, copyRows, NotCopyable, type CopyColumn } from "../../src/postgres/copyText.js";
import { newPostgres, type Disposable } from "../helpers/databases.js";

let db: Disposable;
let sql: Sql;

const COLUMNS: CopyColumn[] = [
  { name: "id", type: "integer" },
  { name: "t", type: "text" },
  { name: "u", type: "uuid" },
  { name: "ts", type: "timestamp (3)" },
  { name: "b", type: "boolean" },
  { name: "j", type: "jsonb" },
  { name: "ta", type: "text[]" },
  { name: "ua", type: "uuid[]" },
  { name: "e", type: "mood" },
];
const DDL = `(id integer primary key, t text, u uuid, ts timestamp(3), b boolean, j jsonb, ta text[], ua uuid[], e mood)`;

beforeAll(async () => {
  db = await newPostgres();
  sql = await openPostgres(db.url, { max: 1 });
  await sql.unsafe(`create type mood as enum ('calm', 'two words', 'quo"te')`);
  await sql.unsafe(`create table by_copy ${DDL}`);
  await sql.unsafe(`create table by_json ${DDL}`);
});

afterAll(async () => {
  await sql?.end();
  await db?.drop();
});

// Text with COPY's and arrays' special characters in it, and words a parser might take for NULL.
const nasty = fc.oneof(
  fc.string({ unit: "binary" }).filter((s) => !s.includes("\u0000")),
  fc.constantFrom("NULL", "\\N", "", " ", "\\", '"', "{}", "{a,b}", "a\tb", "a\nb", "a\rb", "\\t", "é漢字😀"),
);
const json = fc.jsonValue().filter((v) => !JSON.stringify(v).includes("\\u0000"));
const row = (id: number) =>
  fc.record({
    id: fc.constant(id),
    t: fc.option(nasty),
    u: fc.option(fc.uuid()),
    ts: fc.option(
      fc
        .date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true })
        .map((d) => d.toISOString()),
    ),
    b: fc.option(fc.boolean()),
    j: fc.option(json),
    ta: fc.option(fc.array(fc.option(nasty), { maxLength: 4 })),
    ua: fc.option(fc.array(fc.uuid(), { maxLength: 3 })),
    e: fc.option(fc.constantFrom("calm", "two words", 'quo"te')),
  });

const contents = async (table: string) =>
  (await sql.unsafe<{ r: string }[]>(`select x::text as r from ${table} x order by id`)).map((x) => x.r);

describe("COPY text", () => {
  it("stores exactly what the batch JSON stores, for any values the transform makes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => row(i)))),
        async (rows) => {
          await sql.unsafe(`truncate by_copy, by_json`);
          await sql.begin((tx) => copyInto(tx, "by_copy", COLUMNS, copyRows(COLUMNS, rows)));
          await sql.unsafe(`insert into by_json select * from json_populate_recordset(null::by_json, $1::text::json)`, [
            JSON.stringify(rows),
          ]);
          expect(await contents("by_copy")).toEqual(await contents("by_json"));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("refuses, before sending anything, a value COPY text would change", () => {
    expect(() => copyRows(COLUMNS, [{ id: 1, t: "lone \ud800 surrogate" }])).toThrow(NotCopyable);
    expect(() => copyRows(COLUMNS, [{ id: 1.5 }])).toThrow(NotCopyable);
  });

  it("fails with the server's error when a row is refused at the end of the COPY, and the connection goes on", async () => {
    await sql.unsafe(`truncate by_copy`);
    await sql.unsafe(`insert into by_copy (id) values (2)`);
    const refused = sql.begin((tx) => copyInto(tx, "by_copy", COLUMNS, copyRows(COLUMNS, [{ id: 1 }, { id: 2 }])));
    await expect(refused).rejects.toMatchObject({ code: "23505", constraint_name: "by_copy_pkey" });
    expect(await contents("by_copy")).toEqual(["(2,,,,,,,,)"]);
  });
});
