// Secret fields are migrated exactly but never written to logs or reports.
import { BSON, type Document } from "mongodb";

/** Field names that hold credentials: Users.password, openAi_keys.api_key, systemServices.serviceKey, ... */
export const SECRET_FIELD = /pass(word)?|secret|token|api_?key|service_?key/i;

export const REDACTED = "[redacted]";

/** A deep copy with every secret-named field's value replaced, at any depth. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === "object" && !("_bsontype" in value) && !(value instanceof Date)) {
    const out: Document = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) ? REDACTED : redact(v);
    return out;
  }
  return value;
}

/** Relaxed Extended JSON of a redacted document, for humans. */
export const showDocument = (doc: unknown) => BSON.EJSON.stringify(redact(doc) as never, undefined, 2, { relaxed: true });
