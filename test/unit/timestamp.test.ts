// PostgreSQL timestamp text both ways, for every year PostgreSQL holds: the forms below are what
// PostgreSQL 15 accepts and prints (checked by hand against a server).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromPgTimestamp, toPgTimestamp } from "../../src/transform/timestamp.js";

/** PostgreSQL's earliest timestamp, 4714-11-24 BC, and JavaScript's latest Date. */
const PG_MIN = -210866803200000;
const JS_MAX = 8.64e15;

describe("PostgreSQL timestamp text", () => {
  it("writes years outside 0001..9999 the way PostgreSQL reads them", () => {
    expect(toPgTimestamp(new Date("2024-03-01T10:00:00.123Z"))).toBe("2024-03-01T10:00:00.123Z");
    expect(toPgTimestamp(new Date("0001-01-01T00:00:00.000Z"))).toBe("0001-01-01T00:00:00.000Z");
    expect(toPgTimestamp(new Date("+010000-01-01T00:00:00.000Z"))).toBe("10000-01-01T00:00:00.000Z");
    expect(toPgTimestamp(new Date("0000-06-01T12:00:00.000Z"))).toBe("0001-06-01T12:00:00.000Z BC");
    expect(toPgTimestamp(new Date(PG_MIN))).toBe("4714-11-24T00:00:00.000Z BC");
  });

  it("reads what PostgreSQL prints, in every year and offset", () => {
    expect(fromPgTimestamp("0001-01-01 00:00:00+00").toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(fromPgTimestamp("0050-03-01 00:00:00+00").toISOString()).toBe("0050-03-01T00:00:00.000Z");
    expect(fromPgTimestamp("0001-06-01 00:00:00+00 BC").getTime()).toBe(-62154086400000);
    expect(fromPgTimestamp("10000-01-01 00:00:00+00").getTime()).toBe(253402300800000);
    expect(fromPgTimestamp("1969-07-20 20:17:40.12+00").toISOString()).toBe("1969-07-20T20:17:40.120Z");
    expect(fromPgTimestamp("2024-03-01 15:30:00.5+05:30").toISOString()).toBe("2024-03-01T10:00:00.500Z");
    expect(fromPgTimestamp("1890-01-01 00:00:00-00:19:32").toISOString()).toBe("1890-01-01T00:19:32.000Z");
    expect(fromPgTimestamp("infinity").getTime()).toBeNaN();
  });

  it("reads a timestamp without time zone as the UTC time it holds, whatever this machine's zone", () => {
    const zone = process.env.TZ;
    try {
      for (const tz of ["UTC", "Pacific/Kiritimati", "America/Adak"]) {
        process.env.TZ = tz;
        expect(fromPgTimestamp("2024-03-01 10:00:00.123").toISOString()).toBe("2024-03-01T10:00:00.123Z");
        expect(fromPgTimestamp("0044-03-15 12:00:00 BC").toISOString()).toBe("-000043-03-15T12:00:00.000Z");
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("round-trips every millisecond PostgreSQL and JavaScript both hold", () => {
    fc.assert(
      fc.property(fc.integer({ min: PG_MIN, max: JS_MAX }), (ms) => {
        const printed = toPgTimestamp(new Date(ms)).replace("T", " ").replace("Z", "+00");
        expect(fromPgTimestamp(printed).getTime()).toBe(ms);
        // As a timestamp column (without time zone) prints it, its fraction without trailing zeros.
        const plain = printed.replace("+00", "").replace(/\.?0+( BC)?$/, "$1");
        expect(fromPgTimestamp(plain).getTime()).toBe(ms);
        // And its own text, as a dry run compares a row's dates (src/dryrun/target.ts).
        expect(fromPgTimestamp(toPgTimestamp(new Date(ms))).getTime()).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes years 0001..9999 exactly as toISOString does", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const d = new Date(ms);
        expect(toPgTimestamp(d)).toBe(d.toISOString());
      }),
      { numRuns: 5000 },
    );
  });
});
