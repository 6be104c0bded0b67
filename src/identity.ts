// Identity without a map: every UUID is UUIDv5 of its MongoDB _id (docs/ARCHITECTURE.md, "Identity").
import { createHash, hash } from "node:crypto";
import { BSON, ObjectId } from "mongodb";
import { parse } from "uuid";

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

/**
 * The `_id` values whose identityName is `name`: an ObjectId hex names the ObjectId and the
 * strings that spell it; a tagged name, the one value it was made from.
 */
export function idsOfName(name: string): unknown[] {
  if (HEX24.test(name)) return [ObjectId.createFromHexString(name), name, name.toUpperCase()];
  return [BSON.EJSON.parse(name.slice(name.indexOf(":") + 1), { relaxed: false })];
}

const NAMESPACE_BYTES = Buffer.from(parse(NAMESPACE));

// crypto.hash (Node >= 20.12) hashes in one call; createHash builds a Hash object per UUID, which
// cost as much as the hashing itself at a few hundred thousand UUIDs per 100k documents.
const sha1Hex: (data: Buffer) => string =
  typeof hash === "function" ? (data) => hash("sha1", data, "hex") : (data) => createHash("sha1").update(data).digest("hex");
const VARIANT = "89ab";

// The namespace and an ObjectId's name, written in place: two Buffers per UUID were most of its cost.
const OID_INPUT = Buffer.alloc(16 + 24);
NAMESPACE_BYTES.copy(OID_INPUT);

/** RFC 9562 UUIDv5 of a name in our namespace; test/unit/identity.test.ts holds it to uuid's v5. */
export function uuidV5(name: string): string {
  let input: Buffer;
  if (name.length === 24 && HEX24.test(name)) {
    OID_INPUT.write(name, 16, "latin1");
    input = OID_INPUT;
  } else {
    input = Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, "utf8")]);
  }
  const h = sha1Hex(input);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${VARIANT[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Recent names and their UUIDs: a batch names the same users and accounts over and over, and a
 * document's own id is asked for by the transform, the stage and the reference probe. Cleared
 * when full, so it stays a few hundred kilobytes.
 */
const recent = new Map<string, string>();
const RECENT_LIMIT = 4096;

/** The UUID a document with this `_id` gets, in every run, on every machine. */
export function uuidFor(value: unknown): string {
  const name = identityName(value);
  let uuid = recent.get(name);
  if (uuid === undefined) {
    if (recent.size >= RECENT_LIMIT) recent.clear();
    recent.set(name, (uuid = uuidV5(name)));
  }
  return uuid;
}

function bsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object" && value !== null && "_bsontype" in value) {
    return String((value as { _bsontype: string })._bsontype).toLowerCase();
  }
  if (value instanceof Date) return "date";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
