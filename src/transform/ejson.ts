// Extended JSON for documents whose keys are data. The bson library reads a key `_bsontype` as a
// BSON type and an object of `$` keys as a type wrapper, and an object literal's `__proto__` as its
// prototype; a document may hold any of them as plain fields. So documents are walked here, their
// keys defined as own properties, and only BSON values themselves are handed to the library
// (docs/ARCHITECTURE.md, "Keys are data").
import { BSON, Double, Long, Timestamp } from "mongodb";

/**
 * A document the library would read back as a BSON value (`{"$oid": ...}`, `{"$numberInt": "1",
 * "a": 2}` as plain fields) is written as `{"$document": {...}}`; so is a document whose only key is
 * `$document`. Everything else is written as the document it is: an app reading a jsonb column sees
 * its JSON unchanged.
 */
const ESCAPE = "$document";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A document (or subdocument) as the driver decodes it, not a BSON value: its keys are data. */
export function isDocument(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets `key` as an own data property, whatever its name (`__proto__` too). */
export function define<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

/** A plain object from entries, every key an own property. */
export function fromEntries(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) define(out, k, v);
  return out;
}

/** The BSON value the library reads this JSON object as, or undefined if it reads a document or refuses it. */
function readByLibrary(obj: Record<string, unknown>, relaxed: boolean): { value: unknown } | undefined {
  const keys = Object.keys(obj);
  if (!keys.some((k) => k.startsWith("$"))) return undefined;
  try {
    const value = (BSON.EJSON.deserialize({ v: obj } as never, { relaxed, useBigInt64: relaxed }) as { v: unknown }).v;
    return isDocument(value) ? undefined : { value };
  } catch {
    return undefined;
  }
}

/** Whether decode, in the same mode, would not give `out` back as the document it is. */
const escaped = (out: Record<string, Json>, relaxed: boolean) => {
  const keys = Object.keys(out);
  return (keys.length === 1 && keys[0] === ESCAPE) || readByLibrary(out, relaxed) !== undefined;
};

/**
 * A value as Extended JSON (plain JSON values, ready for JSON.stringify). Relaxed: numbers as JSON
 * numbers where JSON spells them exactly (what the app reads from jsonb); an Int64 beyond 2^53 and
 * -0 keep their canonical wrappers, which relaxed would round or strip of its sign.
 */
export function encode(value: unknown, relaxed: boolean): Json {
  // Most leaves are text, booleans and nulls, which every mode writes as they are.
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((v) => encode(v, relaxed));
  if (isDocument(value)) {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(value)) define(out, k, encode(value[k], relaxed));
    return escaped(out, relaxed) ? { [ESCAPE]: out } : out;
  }
  if (relaxed) {
    // A Timestamp is a Long to the bson library; it keeps its own wrapper, not a number.
    if (typeof value === "bigint" || (value instanceof Long && !(value instanceof Timestamp))) {
      const n = typeof value === "bigint" ? value : value.toBigInt();
      return Number.isSafeInteger(Number(n)) ? Number(n) : { $numberLong: n.toString() };
    }
    if (Object.is(value, -0) || (value instanceof Double && Object.is(value.value, -0))) return { $numberDouble: "-0.0" };
  }
  return (BSON.EJSON.serialize({ v: value } as never, { relaxed }) as { v: Json }).v;
}

/**
 * Extended JSON back to values: `$document` wrappers and objects the library does not read as a
 * BSON value are documents, built here key by key. Relaxed: numbers as JS numbers (an Int64 as
 * bigint), not as Int32, Double, Long.
 */
export function decode(json: unknown, relaxed: boolean): unknown {
  if (Array.isArray(json)) return json.map((v) => decode(v, relaxed));
  if (json === null || typeof json !== "object") return json;
  const obj = json as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === ESCAPE && isDocument(obj[ESCAPE]))
    return documentOf(obj[ESCAPE] as Record<string, unknown>, relaxed);
  const read = readByLibrary(obj, relaxed);
  return read ? read.value : documentOf(obj, relaxed);
}

function documentOf(obj: Record<string, unknown>, relaxed: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) define(out, k, decode(obj[k], relaxed));
  return out;
}

/** Canonical Extended JSON text of any value, keys as data: for names and messages. */
export const canonicalText = (value: unknown): string => JSON.stringify(encode(value, false));
