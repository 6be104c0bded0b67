// The stub policy (docs/ARCHITECTURE.md, "Repairs"): which tables get stub rows, which references
// need them, what a stub row holds and which user owns it. Declarations read off the collection
// map; the SQL that reads users and writes rows is src/postgres/stubs.ts. The validator derives
// what it expects of stubs with code of its own (src/validate/), not from this module.
import { ObjectId } from "mongodb";
import { OBJECT_ID_HEX } from "../identity.js";
import type { Stub } from "../transform/document.js";
import { collections } from "./collections.js";
import type { CollectionMapping, ColumnField } from "./types.js";

/** What a stub row of each table holds, besides its id and owner. */
const STUB_ROWS: Record<string, (stub: Stub) => Record<string, unknown>> = {
  Boards: ({ mongoId }) => ({
    __v: 0,
    title: `Recovered board ${mongoId}`,
    description: `Made by nextcrm-migrate: the board ${mongoId} no longer existed in MongoDB, but some of its sections did. They are kept here, with their tasks.`,
    // Today's NextCRM lists boards only with a visibility; private keeps it to its owner.
    visibility: "private",
    createdAt: OBJECT_ID_HEX.test(mongoId) ? new ObjectId(mongoId).getTimestamp().toISOString() : null,
  }),
};

/** The tables a field's stub repairs make rows in. */
const stubTablesOfField = (f: ColumnField): string[] => [...new Set(f.repairs.flatMap((r) => (r.kind === "stub" ? [r.table] : [])))];

/** The fields whose stub repairs make rows of each table: a stub is needed while one of them names it. */
export const STUB_REFERRERS: ReadonlyMap<string, readonly { collection: string; field: string }[]> = collections.reduce((byTable, c) => {
  for (const f of c.columns)
    for (const table of stubTablesOfField(f))
      byTable.set(table, [...(byTable.get(table) ?? []), { collection: c.collection, field: f.field }]);
  return byTable;
}, new Map<string, { collection: string; field: string }[]>());

/** The tables the collection map's stub repairs make rows in. */
export const STUB_TABLES: ReadonlySet<string> = new Set(STUB_REFERRERS.keys());
for (const t of STUB_TABLES) if (!STUB_ROWS[t]) throw new Error(`collection map: a stub repair names ${t}, which has no stub row`);

const STUB_TABLES_OF: ReadonlyMap<string, readonly string[]> = new Map(
  collections.map((c) => [c.collection, [...new Set(c.columns.flatMap(stubTablesOfField))]]),
);

/** The tables a collection's stub repairs make rows in. */
export const stubTablesOf = (mapping: CollectionMapping): readonly string[] => STUB_TABLES_OF.get(mapping.collection) ?? [];

/** The row a stub is made of: its id, its owner, and what its table's stubs hold. */
export const stubRow = (stub: Stub, owner: string): Record<string, unknown> => ({
  id: stub.id,
  user: owner,
  ...STUB_ROWS[stub.table]!(stub),
});

/**
 * Who owns the stub rows: the administrator who joined first (`is_admin`, then the earliest
 * `created_on`, then the smallest id), or without administrators the user who joined first. A
 * deterministic rule, so that reruns agree. As data, for the migration's query, the dry run's
 * rows and the seed's fix at the source to apply alike.
 */
export const STUB_OWNER = {
  table: "Users",
  order: [
    ["is_admin", "desc"],
    ["created_on", "asc"],
    ["id", "asc"],
  ] as const,
};
