// The tool's own tables, outside `public` (which holds NextCRM's schema and nothing else).
import { jsonb, pgSchema, primaryKey, text, uuid } from "drizzle-orm/pg-core";

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
