// Identity without a map: every UUID is UUIDv5 of its MongoDB _id (DESIGN section 3).
import { BSON, ObjectId } from "mongodb";
import { parse, v5 } from "uuid";

/** Fixed forever: changing it would give every record a new id. Printed in the README. */
export const NAMESPACE = "4536c6ec-37fc-4155-b3b7-e6e601374c51";

const HEX24 = /^[0-9a-fA-F]{24}$/;

/** True for an ObjectId, or a string that spells one (the app stored both). */
export const isObjectIdLike = (value: unknown): value is ObjectId | string =>
  value instanceof ObjectId || (typeof value === "string" && HEX24.test(value));

/**
 * The name hashed for an id: the lowercase 24-hex form of an ObjectId (given as ObjectId or as
 * a hex string of either case), or `<bson type>:<canonical Extended JSON>` for anything else.
 * The tagged form contains a colon, so it can never equal an ObjectId's name.
 */
export function identityName(value: unknown): string {
  if (value instanceof ObjectId) return value.toHexString();
  if (typeof value === "string" && HEX24.test(value)) return value.toLowerCase();
  return `${bsonTypeOf(value)}:${BSON.EJSON.stringify(value as never, { relaxed: false })}`;
}

/** Parsed once: given as a string, uuid parses and validates the namespace on every call. */
const NAMESPACE_BYTES = parse(NAMESPACE);

/** The UUID a document with this `_id` gets, in every run, on every machine. */
export const uuidFor = (value: unknown): string => v5(identityName(value), NAMESPACE_BYTES);

function bsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object" && value !== null && "_bsontype" in value) {
    return String((value as { _bsontype: string })._bsontype).toLowerCase();
  }
  if (value instanceof Date) return "date";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
