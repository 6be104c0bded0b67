// migration-errors.log: one entry per failed document, in the spec's format, secrets redacted,
// written as it happens (mode 0600) so a crash loses no entry. An entry is never lost to its
// document: one that cannot be rendered as Extended JSON is logged as what of it can be, and
// as its BSON in base64 (see renderDocument).
import { appendFileSync, chmodSync, closeSync, openSync } from "node:fs";
import { MigrateError } from "../errors.js";
import { REDACTED, SECRET_FIELD, showDocument } from "./redact.js";

export interface FailureEntry {
  table: string;
  mongoId: string;
  message: string;
  stack?: string | undefined;
  /** The decoded document; undefined when its bytes could not be decoded. */
  document: unknown;
  /** The document's BSON as the source sent it: logged (secret values replaced) when the document cannot be rendered. */
  raw?: Uint8Array | undefined;
}

/** An error's message, whatever was thrown (a thrown string, null, an object without one). */
export function messageOf(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return String(e);
  } catch {
    return "(an error whose message cannot be read)";
  }
}

/** An error's stack, when it has one that can be read. */
export function stackOf(e: unknown): string | undefined {
  try {
    return e instanceof Error && typeof e.stack === "string" ? e.stack : undefined;
  } catch {
    return undefined;
  }
}

/** A document as a log or a report shows it (see renderDocument). */
export interface Rendered {
  /** Relaxed Extended JSON of the redacted document (as JSON values), or of what of it could be rendered. */
  json: unknown;
  /** Why the document as a whole could not be rendered; absent when it was. */
  problem?: string;
  /** Then: its BSON, every secret field's value replaced by "[redacted]", in base64. */
  bson?: string;
  /** Then, when its bytes were not there or could not be read for secret fields: why there is no `bson`. */
  bsonProblem?: string;
}

/**
 * The document as relaxed Extended JSON, secrets redacted: what showDocument writes in the error
 * log, as JSON values. One that cannot be rendered (a key only another driver writes, such as
 * `_bsontype`; bytes that do not decode) still is, as far as it goes: each value that renders
 * alone, and `{"$unrendered": why}` for each that does not; and its BSON in base64, with the
 * values of secret fields replaced, so that nothing is lost.
 */
export function renderDocument(document: unknown, raw?: Uint8Array): Rendered {
  if (document !== undefined) {
    try {
      return { json: JSON.parse(showDocument(document)) };
    } catch (e) {
      return { json: salvage(document, 0), problem: `it cannot be written as Extended JSON (${messageOf(e)})`, ...bsonOf(raw) };
    }
  }
  return { json: null, problem: "its BSON could not be decoded", ...bsonOf(raw) };
}

/** What of `value` renders as relaxed Extended JSON: plain objects and arrays value by value, secret fields redacted. */
function salvage(value: unknown, depth: number): unknown {
  try {
    return (JSON.parse(showDocument({ v: value })) as { v: unknown }).v;
  } catch (e) {
    if (depth < 100 && value !== null && typeof value === "object") {
      if (Array.isArray(value)) return value.map((x) => salvage(x, depth + 1));
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
          // Defined, not assigned: a key "__proto__" stays a key.
          const v = SECRET_FIELD.test(k) ? REDACTED : salvage((value as Record<string, unknown>)[k], depth + 1);
          Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return out;
      }
    }
    return { $unrendered: messageOf(e) };
  }
}

function bsonOf(raw: Uint8Array | undefined): Pick<Rendered, "bson" | "bsonProblem"> {
  if (!raw) return { bsonProblem: "its bytes were not kept" };
  try {
    return { bson: Buffer.from(redactBson(raw)).toString("base64") };
  } catch (e) {
    // Without its secret fields found, its bytes could hold a password: they are not written.
    return {
      bsonProblem: `its bytes are not a well-formed BSON document (${messageOf(e)}), so they are not written: its secret fields could not be found`,
    };
  }
}

const REDACTED_BYTES = Buffer.from(REDACTED, "utf8");
const textOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");

/**
 * A BSON document's bytes with the value of every secret-named field (SECRET_FIELD, at any depth
 * of embedded documents and arrays) replaced by the string "[redacted]", read element by element
 * without decoding any value (a string that is not UTF-8, a key only another driver writes, pass
 * as they are). Throws on bytes that are not a well-formed document.
 */
export function redactBson(bytes: Uint8Array): Uint8Array {
  return Buffer.concat(redactedDocument(bytes, 0));
}

function redactedDocument(b: Uint8Array, at: number): Buffer[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const need = (n: number) => {
    if (n > b.length) throw new Error(`an element runs past the end of the document (byte ${n} of ${b.length})`);
  };
  need(at + 5);
  const size = view.getInt32(at, true);
  const end = at + size;
  if (size < 5) throw new Error(`a document of size ${size}`);
  need(end);
  if (b[end - 1] !== 0) throw new Error("a document that does not end with a 0 byte");
  const parts: Buffer[] = [];
  let i = at + 4;
  const cstringEnd = (from: number) => {
    const z = b.indexOf(0, from);
    if (z < 0 || z >= end) throw new Error("a name or pattern without its terminating 0 byte");
    return z + 1;
  };
  const sized = (from: number, extra: number) => {
    need(from + 4);
    const n = view.getInt32(from, true);
    if (n < 0) throw new Error(`a negative length at byte ${from}`);
    return from + 4 + n + extra;
  };
  while (i < end - 1) {
    const type = b[i]!;
    const nameEnd = cstringEnd(i + 1);
    const name = textOf(b.subarray(i + 1, nameEnd - 1));
    const valueAt = nameEnd;
    let valueEnd: number;
    let nested: Buffer[] | undefined;
    switch (type) {
      case 0x01:
      case 0x09:
      case 0x11:
      case 0x12:
        valueEnd = valueAt + 8;
        break;
      case 0x02:
      case 0x0d:
      case 0x0e:
        valueEnd = sized(valueAt, 0);
        break;
      case 0x03:
      case 0x04:
        nested = redactedDocument(b, valueAt);
        valueEnd = valueAt + view.getInt32(valueAt, true);
        break;
      case 0x05:
        valueEnd = sized(valueAt, 1);
        break;
      case 0x06:
      case 0x0a:
      case 0x7f:
      case 0xff:
        valueEnd = valueAt;
        break;
      case 0x07:
        valueEnd = valueAt + 12;
        break;
      case 0x08:
        valueEnd = valueAt + 1;
        break;
      case 0x0b:
        valueEnd = cstringEnd(cstringEnd(valueAt));
        break;
      case 0x0c:
        valueEnd = sized(valueAt, 12);
        break;
      case 0x0f:
        valueEnd = sized(valueAt, 0) - 4;
        break; // its int32 counts itself
      case 0x10:
        valueEnd = valueAt + 4;
        break;
      case 0x13:
        valueEnd = valueAt + 16;
        break;
      default:
        throw new Error(`an element of unknown type 0x${type.toString(16)}`);
    }
    if (valueEnd > end - 1) throw new Error(`element "${name}" runs past the end of its document`);
    if (SECRET_FIELD.test(name)) {
      const len = Buffer.alloc(4);
      len.writeInt32LE(REDACTED_BYTES.length + 1);
      parts.push(Buffer.from([0x02]), Buffer.from(b.subarray(i + 1, nameEnd)), len, REDACTED_BYTES, Buffer.from([0]));
    } else if (nested) parts.push(Buffer.from(b.subarray(i, valueAt)), ...nested);
    else parts.push(Buffer.from(b.subarray(i, valueEnd)));
    i = valueEnd;
  }
  if (i !== end - 1) throw new Error("the last element runs past the end of its document");
  const body = parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(4);
  head.writeInt32LE(4 + body + 1);
  return [head, ...parts, Buffer.from([0])];
}

export class ErrorLog {
  private opened = false;
  constructor(
    readonly path: string,
    private readonly scrub: (s: string) => string,
  ) {}

  private open() {
    if (this.opened) return;
    try {
      closeSync(openSync(this.path, "a", 0o600));
      chmodSync(this.path, 0o600);
    } catch (e) {
      throw new MigrateError("IO", `cannot write the error log ${this.path}: ${(e as Error).message}; pass --error-log elsewhere.`);
    }
    this.opened = true;
  }

  /** A full disk, a file made unwritable mid-run: the run stops after its last committed batch (exit 2). */
  private write(text: string): void {
    try {
      appendFileSync(this.path, text, { mode: 0o600 });
    } catch (e) {
      throw new MigrateError(
        "IO",
        `cannot write the error log ${this.path}: ${messageOf(e)}; the last committed batch is safe. Free space or fix permissions (or pass --error-log elsewhere), then rerun.`,
      );
    }
  }

  /** Repairs: not failures, but the user should be able to find them. One write per batch. */
  warnings(repairs: readonly { table: string; mongoId: string; detail: string }[]): void {
    if (!repairs.length) return;
    this.open();
    const at = new Date().toISOString();
    const text = repairs.map((r) => `[${at}] WARNING repair in table "${r.table}" ObjectId ${r.mongoId}: ${r.detail}\n`).join("");
    this.write(text);
  }

  append(entry: FailureEntry): void {
    this.open();
    const text = [
      `[${new Date().toISOString()}] ERROR in table "${entry.table}"`,
      `MongoDB ObjectId: ${entry.mongoId}`,
      `Error: ${this.scrub(entry.message)}`,
      `Stack: ${this.scrub(entry.stack ?? "(none)")}`,
      ...documentLines(entry),
      "---",
      "",
    ].join("\n");
    this.write(text);
  }
}

/** The entry's "Original Document" section: the document, or what of it can be shown and its BSON. */
function documentLines(entry: FailureEntry): string[] {
  if (entry.document !== undefined) {
    try {
      return ["Original Document:", showDocument(entry.document)];
    } catch {
      // rendered below as far as it goes, with its bytes
    }
  }
  const r = renderDocument(entry.document, entry.raw);
  const lines = [
    `Original Document (not shown whole: ${r.problem ?? "it cannot be written as Extended JSON"}; ${entry.document === undefined ? "" : "below, each value that could be rendered, then "}its BSON in base64, every secret field's value replaced by "${REDACTED}"):`,
  ];
  if (entry.document !== undefined) {
    try {
      lines.push(JSON.stringify(r.json, null, 2));
    } catch (e) {
      lines.push(`(no value could be rendered: ${messageOf(e)})`);
    }
  }
  lines.push(r.bson !== undefined ? `Original BSON (base64): ${r.bson}` : `Original BSON: not written: ${r.bsonProblem}`);
  return lines;
}
