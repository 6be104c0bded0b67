// Identity without a map: every UUID is UUIDv5 of its MongoDB _id (docs/ARCHITECTURE.md, "Identity").
import { createHash, hash } from "node:crypto";
import { ObjectId } from "mongodb";
import { canonicalText, decode } from "./transform/ejson.js";
import { parse } from "uuid";

/** Fixed forever: changing it would give every record a new id. Printed in the README. */
export const NAMESPACE = "4536c6ec-37fc-4155-b3b7-e6e601374c51";

/** The 24 hex digits that spell an ObjectId, in either case (the app stored ids as strings too). */
export const OBJECT_ID_HEX = /^[0-9a-fA-F]{24}$/;
/** An ObjectId's name: hexNameUuid lowercases what it hashes, so only these names may take it. */
const LOWER_HEX24 = /^[0-9a-f]{24}$/;

/** True for an ObjectId, or a string that spells one (the app stored both). */
export const isObjectIdLike = (value: unknown): value is ObjectId | string =>
  value instanceof ObjectId || (typeof value === "string" && OBJECT_ID_HEX.test(value));

/**
 * The name hashed for an id: the lowercase 24-hex form of an ObjectId (given as ObjectId or as
 * a hex string of either case), or `<bson type>:<canonical Extended JSON>` for anything else.
 * The tagged form contains a colon, so it can never equal an ObjectId's name.
 */
export function identityName(value: unknown): string {
  if (value instanceof ObjectId) return value.toHexString();
  if (typeof value === "string" && OBJECT_ID_HEX.test(value)) return value.toLowerCase();
  return `${bsonTypeOf(value)}:${canonicalText(value)}`;
}

/**
 * The `_id` values whose identityName is `name`: an ObjectId hex names the ObjectId and the
 * strings that spell it; a tagged name, the one value it was made from.
 */
export function idsOfName(name: string): unknown[] {
  if (OBJECT_ID_HEX.test(name)) return [ObjectId.createFromHexString(name), name, name.toUpperCase()];
  return [decode(JSON.parse(name.slice(name.indexOf(":") + 1)), false)];
}

const NAMESPACE_BYTES = Buffer.from(parse(NAMESPACE));

// crypto.hash (Node >= 20.12) hashes in one call; createHash builds a Hash object per UUID.
const sha1: (data: Buffer) => Buffer =
  typeof hash === "function"
    ? (data) => hash("sha1", data, "buffer") as unknown as Buffer
    : (data) => createHash("sha1").update(data).digest();

/** RFC 9562 UUIDv5 of a name in our namespace; test/unit/identity.test.ts holds it to uuid's v5. */
export function uuidV5(name: string): string {
  if (name.length === 24 && LOWER_HEX24.test(name)) return hexNameUuid(name);
  const h = sha1(Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, "utf8")]));
  return uuidText(h.readInt32BE(0), h.readInt32BE(4), h.readInt32BE(8), h.readInt32BE(12));
}

/** The UUID a document with this `_id` gets, in every run, on every machine. */
export function uuidFor(value: unknown): string {
  if (value instanceof ObjectId) return objectIdUuid(value.id);
  if (typeof value === "string" && value.length === 24 && OBJECT_ID_HEX.test(value)) return hexNameUuid(value);
  return uuidV5(identityName(value));
}

// An ObjectId's name fills one SHA-1 block with the namespace, hashed here in JavaScript, without a
// cache (docs/ARCHITECTURE.md, "Identity").
const NAMESPACE_WORDS = [0, 4, 8, 12].map((i) => NAMESPACE_BYTES.readInt32BE(i));
const HEX_DIGITS = "0123456789abcdef";
/** A byte's two lowercase hex digits, as the 16-bit big-endian word of their ASCII codes. */
const HEX_PAIR = Uint16Array.from({ length: 256 }, (_, b) => (HEX_DIGITS.charCodeAt(b >> 4) << 8) | HEX_DIGITS.charCodeAt(b & 15));
/** A UUID's text, written in place and read out as one flat string (docs/ARCHITECTURE.md, "Identity"). */
const UUID_TEXT = Buffer.from("00000000-0000-0000-0000-000000000000", "latin1");
/** Where each of the UUID's 16 bytes goes in its text. */
const UUID_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const W = new Int32Array(80);

/** A word's four bytes as hex, into the UUID's text as its bytes `byte`..`byte + 3`. */
function writeHex(word: number, byte: number): void {
  for (let i = 0; i < 4; i++) {
    const pair = HEX_PAIR[(word >>> (24 - 8 * i)) & 255]!;
    const at = UUID_AT[byte + i]!;
    UUID_TEXT[at] = pair >> 8;
    UUID_TEXT[at + 1] = pair & 255;
  }
}

const bytePair = (o: Uint8Array, i: number) => (HEX_PAIR[o[i]!]! << 16) | HEX_PAIR[o[i + 1]!]!;
function objectIdUuid(o: Uint8Array): string {
  return nameBlockUuid(bytePair(o, 0), bytePair(o, 2), bytePair(o, 4), bytePair(o, 6), bytePair(o, 8), bytePair(o, 10));
}

// `| 0x20` lowercases A-F and leaves the digits (whose codes have that bit) as they are.
const charWord = (s: string, i: number) =>
  ((s.charCodeAt(i) | 0x20) << 24) |
  ((s.charCodeAt(i + 1) | 0x20) << 16) |
  ((s.charCodeAt(i + 2) | 0x20) << 8) |
  (s.charCodeAt(i + 3) | 0x20);
function hexNameUuid(hex: string): string {
  return nameBlockUuid(charWord(hex, 0), charWord(hex, 4), charWord(hex, 8), charWord(hex, 12), charWord(hex, 16), charWord(hex, 20));
}

/**
 * SHA-1 (FIPS 180-4) of the namespace's 16 bytes and a 24-byte name, given as its six words: one
 * 64-byte block, the name followed by the 0x80 pad byte and the message length, 320 bits.
 */
function nameBlockUuid(n0: number, n1: number, n2: number, n3: number, n4: number, n5: number): string {
  W.set(NAMESPACE_WORDS);
  W[4] = n0;
  W[5] = n1;
  W[6] = n2;
  W[7] = n3;
  W[8] = n4;
  W[9] = n5;
  W[10] = 0x80000000;
  W[11] = 0;
  W[12] = 0;
  W[13] = 0;
  W[14] = 0;
  W[15] = 320;
  for (let t = 16; t < 80; t++) {
    const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
    W[t] = (x << 1) | (x >>> 31);
  }
  let a = 0x67452301,
    b = 0xefcdab89 | 0,
    c = 0x98badcfe | 0,
    d = 0x10325476,
    e = 0xc3d2e1f0 | 0,
    t = 0,
    x = 0;
  for (; t < 20; t++) {
    x = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 40; t++) {
    x = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 60; t++) {
    x = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  for (; t < 80; t++) {
    x = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[t]!) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = x;
  }
  return uuidText((0x67452301 + a) | 0, (0xefcdab89 + b) | 0, (0x98badcfe + c) | 0, (0x10325476 + d) | 0);
}

/** A SHA-1's first 128 bits, as four words, as a UUID's text with the version (5) and the variant (binary 10) set. */
function uuidText(h0: number, h1: number, h2: number, h3: number): string {
  writeHex(h0, 0);
  writeHex((h1 & ~0xf000) | 0x5000, 4);
  writeHex((h2 & 0x3fffffff) | 0x80000000, 8);
  writeHex(h3, 12);
  return UUID_TEXT.toString("latin1");
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
