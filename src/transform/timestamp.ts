// PostgreSQL's timestamp text for every year it holds, both ways. JavaScript's ISO form signs
// years outside 0001..9999 ("+010000-...", "-000001-..."), which PostgreSQL rejects; and
// PostgreSQL prints "0001-01-01 00:00:00+00" and "... BC", which `new Date()` reads as 2001 or
// not at all. Years up to 0 are BC in PostgreSQL (there is no year 0: 1 BC is ISO year 0).

/**
 * A Date as PostgreSQL's timestamp input reads it, exactly to the millisecond: with its `Z`, which
 * a `timestamp` column (without time zone) ignores, so it holds the UTC time whatever the session's
 * TimeZone, as Prisma writes it.
 */
export function toPgTimestamp(d: Date): string {
  const year = d.getUTCFullYear();
  if (year >= 1 && year <= 9999) return isoOf(d, year);
  const iso = d.toISOString();
  const rest = iso.slice(iso.indexOf("-", 1)); // "-MM-DDTHH:MM:SS.sssZ"
  return year > 9999 ? `${year}${rest}` : `${String(1 - year).padStart(4, "0")}${rest} BC`;
}

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const P3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/** `toISOString()` for years 1..9999, in a third of its time (a few Dates per document). */
function isoOf(d: Date, year: number): string {
  const y = year < 1000 ? String(year).padStart(4, "0") : year;
  return `${y}-${P2[d.getUTCMonth() + 1]}-${P2[d.getUTCDate()]}T${P2[d.getUTCHours()]}:${P2[d.getUTCMinutes()]}:${P2[d.getUTCSeconds()]}.${P3[d.getUTCMilliseconds()]}Z`;
}

const PG_TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$/;

/**
 * PostgreSQL's timestamptz or timestamp output (DateStyle ISO), or toPgTimestamp's text, as a
 * Date; JavaScript Dates hold milliseconds. A timestamp without an offset is UTC (what Prisma and the migrator write), never
 * the local time of the machine that reads it.
 */
export function fromPgTimestamp(text: string): Date {
  const fast = plainTimestamp(text);
  if (fast !== undefined) return fast;
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return new Date(text); // 'infinity' and '-infinity' become Invalid Date, as before
  const [, y, mo, d, h, mi, s, frac = "", sign, oh = "0", om = "0", os = "0", bc] = m;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0..99 as they are.
  date.setUTCFullYear(bc ? 1 - Number(y) : Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(frac.padEnd(3, "0").slice(0, 3)));
  const offset = (sign === "-" ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os)) * 1000;
  return new Date(date.getTime() - offset);
}

/** The digits of text[i, i + n) as a number; NaN if one is not a digit. */
function digits(text: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/**
 * What a `timestamp(3)` column prints for a year from 1000 on, "YYYY-MM-DD HH:MM:SS[.fff]", read
 * without the regular expression (validate --full reads a few per row); undefined for any other
 * shape, which fromPgTimestamp's expression reads.
 */
function plainTimestamp(text: string): Date | undefined {
  const n = text.length;
  if (n < 19 || n > 23 || (n > 19 && text[19] !== ".") || n === 20) return undefined;
  if (text[4] !== "-" || text[7] !== "-" || text[10] !== " " || text[13] !== ":" || text[16] !== ":") return undefined;
  const year = digits(text, 0, 4);
  const ms = n > 19 ? digits(text, 20, n - 20) * 10 ** (23 - n) : 0;
  const t = Date.UTC(year, digits(text, 5, 2) - 1, digits(text, 8, 2), digits(text, 11, 2), digits(text, 14, 2), digits(text, 17, 2), ms);
  return year >= 1000 && !Number.isNaN(t) ? new Date(t) : undefined;
}
