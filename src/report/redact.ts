// Secret fields are migrated exactly but never written to logs or reports.
import { define, encode, isDocument } from "../transform/ejson.js";

/** Field names that hold credentials: Users.password, openAi_keys.api_key, systemServices.serviceKey, ... */
export const SECRET_FIELD = /pass(word)?|secret|token|api_?key|service_?key/i;

export const REDACTED = "[redacted]";

/** A deep copy with every secret-named field's value replaced, at any depth; keys are data (`__proto__`, `_bsontype`). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (isDocument(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) define(out, k, SECRET_FIELD.test(k) ? REDACTED : redact(value[k]));
    return out;
  }
  return value;
}

/** Relaxed Extended JSON of a redacted document, for humans. */
export const showDocument = (doc: unknown) => JSON.stringify(encode(redact(doc), true), undefined, 2);
