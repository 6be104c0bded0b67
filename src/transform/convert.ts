// Conversion rules as data, like a cast table: one converter per Conversion, each
// either returning the exact PostgreSQL value or throwing: nothing is rounded or truncated.
import { Decimal128, Double, Int32, Long, ObjectId } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { Conversion } from "../map/types.js";
import { encode, isDocument } from "./ejson.js";
import { toPgTimestamp } from "./timestamp.js";

/** A value that cannot be stored exactly; fails its document with this message. */
export class ValueError extends Error {
  override name = "ValueError";
}

const INT4 = [-(2 ** 31), 2 ** 31 - 1] as const;
/**
 * PostgreSQL's timestamp range in milliseconds: 4713 BC to 294276 AD, the end exclusive (its last
 * millisecond, ...999, is no double; the first one past it is).
 */
const PG_MIN_MS = -210866803200000;
const PG_END_MS = 9224318016000000;

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof ObjectId) return "ObjectId";
  if (value instanceof Date) return "Date";
  if (Array.isArray(value)) return "array";
  if (isDocument(value)) return "object";
  if (typeof value === "object" && value && "_bsontype" in value) return String((value as { _bsontype: string })._bsontype);
  return typeof value;
}

function noNul(s: string): string {
  if (s.includes("\u0000")) throw new ValueError("text holds a NUL character, which PostgreSQL cannot store");
  return s;
}

function integral(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (value instanceof Long) return value.toBigInt();
  if (value instanceof Int32 || value instanceof Double) return integral(value.valueOf());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ValueError(`${value} is not a whole number`);
    if (!Number.isInteger(value)) throw new ValueError(`${value} has a fraction; the column holds whole numbers`);
    if (!Number.isSafeInteger(value)) throw new ValueError(`${value} is beyond the exact range of a double`);
    return BigInt(value);
  }
  if (value instanceof Decimal128) throw new ValueError(`Decimal128 ${value.toString()} in a whole-number column`);
  throw new ValueError(`expected a number, got ${describe(value)}`);
}

export function toUuid(value: unknown): string {
  if (isObjectIdLike(value)) return uuidFor(value);
  throw new ValueError(`expected an ObjectId, got ${describe(value)}${typeof value === "string" ? ` "${value.slice(0, 40)}"` : ""}`);
}

/**
 * Relaxed Extended JSON (what the app reads as plain JSON), except where relaxed would change a
 * number: an Int64 beyond 2^53 and -0 keep their canonical wrappers, as NaN and Infinity already
 * do. BSON-only types become wrappers too. Keys are data (src/transform/ejson.ts).
 */
export const exactJson = (value: unknown): unknown => encode(value, true);

/** JSON text escapes a NUL as \u0000; a backslash before it that is itself escaped is text. */
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/** Whether this JSON text holds a NUL character, which PostgreSQL's jsonb cannot store. */
export const holdsNul = (jsonText: string): boolean => jsonText.includes("\\u0000") && ESCAPED_NUL.test(jsonText);

/** JSON as jsonb can hold it: PostgreSQL's jsonb has no NUL character. */
export function storableJson(json: unknown): unknown {
  if (holdsNul(JSON.stringify(json))) throw new ValueError("JSON holds a NUL character, which PostgreSQL's jsonb cannot store");
  return json;
}

type Converter = (value: unknown, enumValues?: readonly string[]) => unknown;

/** Non-null BSON value → PostgreSQL value (as sent in the batch's JSON). */
export const converters: Record<Conversion, Converter> = {
  objectId: toUuid,
  objectIdArray: (v) => {
    if (!Array.isArray(v)) throw new ValueError(`expected an array of ObjectIds, got ${describe(v)}`);
    return v.map(toUuid);
  },
  date: (v) => {
    if (!(v instanceof Date)) throw new ValueError(`expected a Date, got ${describe(v)}`);
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw new ValueError("invalid Date");
    if (ms < PG_MIN_MS || ms >= PG_END_MS) throw new ValueError(`Date ${ms} ms is outside PostgreSQL's timestamp range`);
    return toPgTimestamp(v);
  },
  int: (v) => {
    const n = integral(v);
    if (n < BigInt(INT4[0]) || n > BigInt(INT4[1])) throw new ValueError(`${n} does not fit a 32-bit integer column`);
    return Number(n);
  },
  boolean: (v) => {
    if (typeof v !== "boolean") throw new ValueError(`expected a boolean, got ${describe(v)}`);
    return v;
  },
  string: (v) => {
    if (typeof v !== "string") throw new ValueError(`expected a string, got ${describe(v)}`);
    return noNul(v);
  },
  stringArray: (v) => {
    if (!Array.isArray(v)) throw new ValueError(`expected an array of strings, got ${describe(v)}`);
    return v.map((s) => {
      if (typeof s !== "string") throw new ValueError(`expected strings in the array, got ${describe(s)}`);
      return noNul(s);
    });
  },
  json: (v) => storableJson(exactJson(v)),
  enum: (v, values) => {
    if (typeof v !== "string" || !values?.includes(v)) {
      throw new ValueError(`${JSON.stringify(typeof v === "string" ? v : describe(v))} is not one of ${values?.join(", ")}`);
    }
    return v;
  },
};
