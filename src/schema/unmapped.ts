// Whatever a source document holds that has no column, so that nothing is ever lost.
import { jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * One row per (table, document): `data` is MongoDB Extended JSON (canonical, so BSON types
 * survive) of unknown fields, original values of repaired fields and dangling array entries.
 * `table_name` is an entity table, or a junction for entries a junction sync could not place.
 */
export const _migration_unmapped = pgTable(
  "_migration_unmapped",
  {
    table_name: text("table_name").notNull(),
    id: uuid("id").notNull(),
    mongo_id: text("mongo_id").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ name: "_migration_unmapped_pkey", columns: [t.table_name, t.id] })],
);
