// Documents as the source sent them: their BSON bytes, decoded only as far as a run needs. A rerun
// tells an unchanged document by its bytes alone (docs/ARCHITECTURE.md, "Unchanged documents"),
// so most of its documents never become objects.
import { BSON, ObjectId, type Document } from "mongodb";

/** A source document: its bytes and its `_id`. */
export interface RawDocument {
  bytes: Uint8Array;
  id: unknown;
}

/**
 * Driver options for reading: Int64 as bigint, never a rounded number; regular expressions as
 * BSONRegExp, because a JavaScript RegExp cannot hold BSON's options (the driver turns `s` into
 * `g`, which Extended JSON then refuses: one such value stopped the whole run).
 */
export const READ_OPTIONS = { useBigInt64: true, promoteValues: true, bsonRegExp: true } as const;

/** As the driver decodes a document read with READ_OPTIONS (it validates UTF-8 by default). */
const DECODE = { ...READ_OPTIONS, validation: { utf8: true } } as const;

const OBJECT_ID = 7;

export const decode = (bytes: Uint8Array): Document => BSON.deserialize(bytes, DECODE);

/**
 * As decode, but every value keeps its BSON type: a whole Double stays a Double, not a number
 * that canonical Extended JSON would spell as an Int32. For the fields without a column, which
 * nextcrm_migrate.unmapped keeps exactly.
 */
export const decodeTyped = (bytes: Uint8Array): Document =>
  BSON.deserialize(bytes, { ...DECODE, promoteValues: false, useBigInt64: false, promoteLongs: false });

/**
 * The document's `_id`. MongoDB and FerretDB store it first: an ObjectId is then read from its
 * 12 bytes; any other `_id` (or one stored later) is decoded with the rest.
 */
export function rawDocument(bytes: Uint8Array): RawDocument {
  // int32 size, then the first element: type, "_id\0", value.
  if (bytes[4] === OBJECT_ID && bytes[5] === 0x5f && bytes[6] === 0x69 && bytes[7] === 0x64 && bytes[8] === 0) {
    return { bytes, id: new ObjectId(bytes.subarray(9, 21)) };
  }
  return { bytes, id: decode(bytes)._id };
}
