// Prisma's migration history, as `prisma migrate deploy` creates it: with the row of NextCRM's
// `0_init`, the user's NextCRM continues with its next migration (docs/ARCHITECTURE.md).
import { integer, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";

export const _prisma_migrations = pgTable("_prisma_migrations", {
  id: varchar("id", { length: 36 }).primaryKey(),
  checksum: varchar("checksum", { length: 64 }).notNull(),
  finished_at: timestamp("finished_at", { withTimezone: true }),
  migration_name: varchar("migration_name", { length: 255 }).notNull(),
  logs: text("logs"),
  rolled_back_at: timestamp("rolled_back_at", { withTimezone: true }),
  started_at: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  applied_steps_count: integer("applied_steps_count").notNull().default(0),
});

/**
 * NextCRM's first PostgreSQL migration, whose state the rest of the schema reproduces. Prisma
 * compares the checksum (sha256 of its migration.sql) with the file it ships.
 */
export const RELEASE_MIGRATION = {
  name: "0_init",
  checksum: "0c30baa2b075fa76f0f49db0bcbd593a631f7a1f5585f7a545775bb37a2e549d",
} as const;
