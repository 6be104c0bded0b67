// The tool's own tables, outside `public` (which holds NextCRM's schema and nothing else).
import { jsonb, pgSchema, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
