// What the collection map says about how tables relate, worked out once when the map loads, so that
// the migrator, the dry run, the seed and the validator read one answer instead of each deriving it.
// Pure declarations of the map: the validator may read them (docs/ARCHITECTURE.md, "The validator").
import { collections, junctions } from "./collections.js";
import type { CollectionMapping, JunctionMapping } from "./types.js";

/** A junction field of a collection: its junction, which of the junction's sides it is, its column order. */
export interface JunctionPlace {
  collection: string;
  field: string;
  junction: string;
  /** Its index in the junction's `sides`. */
  side: number;
  /** The document's own column is the junction's first column (the other column holds the array's ids). */
  selfFirst: boolean;
}

/** Looks a fact up by collection name, so that a mapping derived from the map's (withoutTodayRepairs) finds the same answer. */
function byCollection<T>(facts: ReadonlyMap<string, T>, mapping: CollectionMapping): T {
  const fact = facts.get(mapping.collection);
  if (fact === undefined) throw new Error(`collection map: ${mapping.collection} is not a collection of the map`);
  return fact;
}

const REFERENCES_BY_FIELD: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>> = new Map(
  collections.map((c) => [
    c.collection,
    new Map(
      c.columns.flatMap((f) =>
        f.references ? [[f.field, [f.references, ...f.repairs.flatMap((r) => (r.kind === "redirect" ? [r.when] : []))]] as const] : [],
      ),
    ),
  ]),
);

/** Per column field with a foreign key, the tables its value may name: the referenced table, then any redirect target. */
export const referencedTables = (mapping: CollectionMapping): ReadonlyMap<string, readonly string[]> =>
  byCollection(REFERENCES_BY_FIELD, mapping);

const REFERENCED_BY: ReadonlyMap<string, readonly string[]> = new Map(
  [...REFERENCES_BY_FIELD].map(([collection, byField]) => [collection, [...new Set([...byField.values()].flat())]]),
);

/** The distinct tables a collection's columns may point at, redirect targets included (the collection itself if it points at itself). */
export const tablesReferencedBy = (mapping: CollectionMapping): readonly string[] => byCollection(REFERENCED_BY, mapping);

/** Every table something points at: a column, a redirect, or the far end of a junction. */
export const REFERENCED_TABLES: ReadonlySet<string> = new Set([
  ...[...REFERENCED_BY.values()].flat(),
  ...junctions.flatMap((j) => j.columns.map((c) => c.references)),
]);

const SIDES: ReadonlyMap<string, readonly JunctionPlace[]> = new Map(
  junctions.map((j) => [
    j.name,
    j.sides.map((s, side) => ({
      collection: s.collection,
      field: s.field.field,
      junction: j.name,
      side,
      selfFirst: s.field.selfColumn === j.columns[0]!.name,
    })),
  ]),
);

/** A junction's sides as places, in the order of its `sides`. */
export function junctionSides(j: JunctionMapping): readonly JunctionPlace[] {
  const sides = SIDES.get(j.name);
  if (!sides) throw new Error(`collection map: ${j.name} is not a junction of the map`);
  return sides;
}

const PLACES: ReadonlyMap<string, readonly JunctionPlace[]> = new Map(
  collections.map((c) => [
    c.collection,
    c.junctions.map((f) => SIDES.get(f.junctionName)!.find((p) => p.collection === c.collection && p.field === f.field)!),
  ]),
);

/** The junction places of a collection's junction fields, in the order of its `junctions`. */
export const junctionPlaces = (mapping: CollectionMapping): readonly JunctionPlace[] => byCollection(PLACES, mapping);

/** The place of one junction field of a collection. */
export function junctionPlace(collection: string, field: string): JunctionPlace {
  const place = PLACES.get(collection)?.find((p) => p.field === field);
  if (!place) throw new Error(`collection map: ${collection}.${field} is no junction field of the map`);
  return place;
}

const READS: ReadonlyMap<string, readonly string[]> = new Map(
  junctions.map((j) => [j.name, [...new Set([...j.columns.map((c) => c.references), ...j.sides.map((s) => s.collection)])]]),
);

/** The tables a junction reads: the two it references and the sides whose arrays it holds (a sync waits for all of them). */
export function tablesReadBy(j: JunctionMapping): readonly string[] {
  const tables = READS.get(j.name);
  if (!tables) throw new Error(`collection map: ${j.name} is not a junction of the map`);
  return tables;
}
