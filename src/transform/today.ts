// The values today's NextCRM needs where `0_init` accepts others (the TodayRepair kinds of the
// collection map): one function, read by the transform that writes them and by the dry run that
// counts, under --exact-values, the values left as they are.
import type { TodayRepair, Vocabulary } from "../map/types.js";

/** The value needs no change. */
export const AS_IS: unique symbol = Symbol("as is");

const isNull = (v: unknown) => v === null || v === undefined;

/** The value NextCRM today needs instead of `value` (a source value or a row's), or AS_IS. */
export function forToday(r: TodayRepair, value: unknown, vocabulary: Vocabulary | undefined): unknown {
  switch (r.kind) {
    case "retiredEnumValue":
      return value === r.from ? r.to : AS_IS;
    case "nullToText":
      return isNull(value) ? r.value : AS_IS;
    case "heldForUpgrade": {
      // NextCRM's upgrade compares lower(value) with lower(word), and accepts NULL.
      if (typeof value !== "string") return AS_IS;
      const lower = value.toLowerCase();
      return vocabulary?.values.some((w) => w.toLowerCase() === lower) ? AS_IS : null;
    }
    case "currencyCode": {
      if (typeof value !== "string") return AS_IS;
      const code = value.trim().toUpperCase();
      return code !== value && /^[A-Z]{3}$/.test(code) ? code : AS_IS;
    }
    case "nullElements":
      return Array.isArray(value) && value.some(isNull) ? value.filter((e) => !isNull(e)) : AS_IS;
  }
}

/** A warning line's words for a change forToday made. */
export function todayDetail(field: string, r: TodayRepair, original: unknown, value: unknown): string {
  switch (r.kind) {
    case "retiredEnumValue":
      return `${field} ${r.from}, which today's NextCRM cannot read, set to ${r.to}`;
    case "nullToText":
      return `${isNull(original) ? "missing" : "null"} ${field} set to ${JSON.stringify(value)}, as NextCRM writes it`;
    case "heldForUpgrade":
      return `${field} ${JSON.stringify(original)}, which NextCRM's upgrade refuses, held back as NULL until after-upgrade restores it`;
    case "currencyCode":
      return `${field} ${JSON.stringify(original)} set to ${JSON.stringify(value)}`;
    case "nullElements":
      return `${field}: null elements left out`;
  }
}
