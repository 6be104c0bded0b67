-- Written by hand, as drizzle-kit cannot declare a table's storage (src/postgres/workingTables.ts):
-- the tool's working tables are unlogged, since a crash that empties them only makes the next run
-- read everything again (docs/ARCHITECTURE.md, "Unchanged documents" and "Junctions"); the stage
-- has no autovacuum, as the run vacuums it after deleting from it (src/postgres/stage.ts, vacuumStage).
ALTER TABLE "nextcrm_migrate"."row_hash" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "nextcrm_migrate"."junction_stage" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "nextcrm_migrate"."junction_synced" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "nextcrm_migrate"."junction_stage" SET (autovacuum_enabled = false);
