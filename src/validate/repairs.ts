// A repair recorded in nextcrm_migrate.unmapped is accepted only if it is the one the map declares:
// the row holds what that repair gives for the original (OTHER for INVOICE, NULL for "", the
// default for a missing value, ...), from the map's declarations and code of the validator's own.
// Without this, restoring the original would hide any value the migrator wrote in its place
// (docs/ARCHITECTURE.md, "The validator").
import type { Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { CollectionMapping, ColumnField, Repair } from "../map/types.js";

export interface RepairIssue {
  field: string;
  /** What the row should hold, and what it holds, in a user's words. */
  expected: string;
  found: string;
}

/** A reference a danglingToNull repair says was missing: the validator asks the target whether it is. */
export interface ClaimedMissing {
  table: string;
  uuid: string;
  field: string;
}

const isNull = (v: unknown) => v === null || v === undefined;
/** The article a repair's kind takes: "an emptyToNull repair", "a stub repair". */
const aOrAn = (kind: string) => (/^[aeiou]/i.test(kind) ? "an" : "a");
const text = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)));
const uuidOf = (v: unknown) => (isObjectIdLike(v) ? uuidFor(v) : undefined);

/** What the row holds for `f` under repair `r` of `original`; undefined when the repair could not have been made. */
function expectedValue(f: ColumnField, r: Repair, original: unknown, doc: Document): { value: unknown } | undefined {
  switch (r.kind) {
    case "emptyToNull":
      return original === "" ? { value: null } : undefined;
    case "danglingToNull":
      return uuidOf(original) ? { value: null } : undefined;
    case "missingToDefault":
      if (!isNull(original)) return undefined;
      if ("literal" in r.value) return { value: r.value.literal };
      return isObjectIdLike(doc._id) && typeof doc._id !== "string"
        ? { value: (doc._id as { getTimestamp(): Date }).getTimestamp().getTime() }
        : undefined;
    case "missingVersion":
      return isNull(original) ? { value: 0 } : undefined;
    case "stub":
      return uuidOf(original) ? { value: uuidOf(original) } : undefined;
    case "redirect":
      return uuidOf(original) ? { value: null } : undefined;
    case "retiredEnumValue":
      return original === r.from ? { value: r.to } : undefined;
    case "nullToText":
      return isNull(original) ? { value: r.value } : undefined;
    case "heldForUpgrade": {
      if (typeof original !== "string") return undefined;
      const lower = original.toLowerCase();
      return f.vocabulary?.values.some((w) => w.toLowerCase() === lower) ? undefined : { value: null };
    }
    case "currencyCode": {
      if (typeof original !== "string") return undefined;
      const code = original.trim().toUpperCase();
      return /^[A-Z]{3}$/.test(code) && code !== original ? { value: code } : undefined;
    }
    case "nullElements": {
      if (!Array.isArray(original) || !original.some(isNull)) return undefined;
      const kept = original.filter((e) => !isNull(e));
      return { value: f.conversion === "objectIdArray" ? kept.map((e) => uuidOf(e) ?? e) : kept };
    }
  }
}

/** A row's value in the form expectedValue gives it: timestamps in epoch milliseconds. */
function comparable(f: ColumnField, v: unknown): unknown {
  if (isNull(v)) return null;
  if (f.conversion === "date") return new Date(v as string).getTime();
  return v;
}

/**
 * The recorded repairs of one document that are not what the map declares for their original:
 * a kind the field does not have, a repair that could not have been made of that original, or a
 * row holding another value than the repair gives. Also the references a danglingToNull repair
 * claims were missing, for the caller to ask the target about.
 */
export function checkRepairs(
  mapping: CollectionMapping,
  doc: Document,
  row: Record<string, unknown>,
  repaired: Record<string, { kind: string; original?: unknown }> | undefined,
): { issues: RepairIssue[]; claimedMissing: ClaimedMissing[] } {
  const issues: RepairIssue[] = [];
  const claimedMissing: ClaimedMissing[] = [];
  for (const field of Object.keys(repaired ?? {})) {
    const { kind, original } = repaired![field]!;
    const f = mapping.columns.find((c) => c.field === field);
    const r = f?.repairs.find((x) => x.kind === kind);
    if (!f || !r) {
      issues.push({
        field,
        expected: `no ${kind} repair (the map declares none for this field)`,
        found: `${aOrAn(kind)} ${kind} repair recorded`,
      });
      continue;
    }
    const want = expectedValue(f, r, original, doc);
    if (!want) {
      issues.push({ field, expected: `a value ${aOrAn(kind)} ${kind} repair applies to`, found: `${kind} of ${text(original)}` });
      continue;
    }
    const got = comparable(f, row[field]);
    if (JSON.stringify(got) !== JSON.stringify(want.value))
      issues.push({ field, expected: `${text(want.value)} (${kind} of ${text(original)})`, found: text(got) });
    if (r.kind === "redirect") {
      const moved = row[r.to];
      if (moved !== uuidOf(original))
        issues.push({ field: r.to, expected: `${text(uuidOf(original))} (moved from ${field})`, found: text(moved) });
    }
    if (r.kind === "danglingToNull" && f.references) claimedMissing.push({ table: f.references, uuid: uuidOf(original)!, field });
  }
  return { issues, claimedMissing };
}
