// The tool's own tables, outside `public` (which holds NextCRM's schema and nothing else).
import { bigint, customType, integer, jsonb, numeric, pgSchema, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const nextcrm_migrate = pgSchema("nextcrm_migrate");

/**
 * Whatever a source document holds that has no column, so that nothing is ever lost. One row per
 * (table, document): `data` is MongoDB Extended JSON (canonical, so BSON types survive) of unknown
 * fields, original values of repaired fields and dangling array entries. `table_name` is an entity
 * table, or a junction for entries a junction sync could not place.
 */
export const unmapped = nextcrm_migrate.table(
  "unmapped",
  {
    table_name: text("table_name").notNull(),
    id: uuid("id").notNull(),
    mongo_id: text("mongo_id").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ name: "unmapped_pkey", columns: [t.table_name, t.id] })],
);

/**
 * What NextCRM's own upgrade drops or overwrites, copied from `public` at the end of each
 * migration (docs/ARCHITECTURE.md, "Today's NextCRM"): for a table the upgrade drops, the whole
 * row; for a table that loses columns, those columns. `data` is `to_jsonb` of them, keys the
 * column names. NextCRM's upgrade never touches this schema, so `after-upgrade` reads it there.
 */
export const upgrade_kept = nextcrm_migrate.table(
  "upgrade_kept",
  {
    table_name: text("table_name").notNull(),
    id: uuid("id").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ name: "upgrade_kept_pkey", columns: [t.table_name, t.id] })],
);

/**
 * What `after-upgrade` wrote into NextCRM's tables, per row and column: a later run that finds
 * another value there knows a person changed it since, and leaves it.
 */
export const after_upgrade = nextcrm_migrate.table(
  "after_upgrade",
  {
    table_name: text("table_name").notNull(),
    id: uuid("id").notNull(),
    column_name: text("column_name").notNull(),
    value: jsonb("value").notNull(),
    written_at: timestamp("written_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "after_upgrade_pkey", columns: [t.table_name, t.id, t.column_name] })],
);

/** A transaction id as a row's `xmin` holds it (32 bits, wrapping): what row_hash compares rows with. */
const xid = customType<{ data: string }>({ dataType: () => "xid" });

/**
 * What a rerun needs to tell an unchanged document without transforming it (docs/ARCHITECTURE.md,
 * "Unchanged documents"), per document that committed without a stub: a hash of its source bytes,
 * the `xmin` of the row it left (`written`) and of its unmapped row, the references it found
 * missing. Under the nil UUID, the version the table's hashes are valid for (src/postgres/rowHash.ts).
 * Unlogged (drizzle/0005_working_storage.sql): a crash empties it, which only makes the next run
 * transform every document again.
 */
export const row_hash = nextcrm_migrate.table(
  "row_hash",
  {
    table_name: text("table_name").notNull(),
    id: uuid("id").notNull(),
    hash: uuid("hash").notNull(),
    written: xid("written").notNull(),
    unmapped: xid("unmapped"),
    missing: text("missing").array(),
  },
  (t) => [primaryKey({ name: "row_hash_pkey", columns: [t.table_name, t.id] })],
);

/**
 * The junction stage: each committed document's array entries, one row each, appended in the
 * batch's own transaction and never updated (docs/ARCHITECTURE.md, "Junctions";
 * src/postgres/stage.ts). No key and no index: every batch appends to it, and each junction sync
 * reads its rows once. Unlogged, autovacuum off (drizzle/0005_working_storage.sql).
 */
export const junction_stage = nextcrm_migrate.table("junction_stage", {
  junction: text("junction").notNull(),
  /** Which side of the junction the entry's array is. */
  side: integer("side").notNull(),
  owner_table: text("owner_table").notNull(),
  owner: uuid("owner").notNull(),
  owner_mongo: text("owner_mongo").notNull(),
  /** The junction's two columns: the owner's own and what the entry names (null: no ObjectId). */
  c0: uuid("c0"),
  c1: uuid("c1"),
  /** The entry as canonical Extended JSON; null when it is an ObjectId (then `oid`) or null. */
  element: jsonb("element"),
  /** An ObjectId entry's hex: 24 characters instead of a jsonb value to parse. */
  oid: text("oid"),
  /** The entry's place in its array: the dangling entries kept are in the array's order. -1: the document has no entry. */
  pos: integer("pos").notNull(),
  /** The transaction that staged it (`txid_current()`): a later commit of the document has a larger one. */
  written: bigint("written", { mode: "number" }).notNull(),
});

/**
 * Per junction, what its last sync read and left (src/postgres/junctionSync.ts): a rerun whose
 * stage, junction table and dangling entries are those, and whose missing ends are missing still,
 * skips the sync. Unlogged, and emptied with the stage: without a record every junction syncs.
 */
export const junction_synced = nextcrm_migrate.table(
  "junction_synced",
  {
    junction: text("junction").notNull(),
    staged: bigint("staged", { mode: "number" }).notNull(),
    last_written: bigint("last_written", { mode: "number" }),
    pairs: bigint("pairs", { mode: "number" }).notNull(),
    pairs_digest: numeric("pairs_digest").notNull(),
    dangling: integer("dangling").notNull(),
    unmapped: bigint("unmapped", { mode: "number" }).notNull(),
    unmapped_digest: numeric("unmapped_digest").notNull(),
    missing0: uuid("missing0").array().notNull(),
    missing1: uuid("missing1").array().notNull(),
  },
  (t) => [primaryKey({ name: "junction_synced_pkey", columns: [t.junction] })],
);
