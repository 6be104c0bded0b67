-- Generated, then IF NOT EXISTS added by hand: earlier versions of the tool created these tables at
-- run time, in this shape, and what they hold spares the next run; one of another shape is made
-- again after the migrations (src/postgres/workingTables.ts).
CREATE TABLE IF NOT EXISTS "nextcrm_migrate"."junction_stage" (
	"junction" text NOT NULL,
	"side" integer NOT NULL,
	"owner_table" text NOT NULL,
	"owner" uuid NOT NULL,
	"owner_mongo" text NOT NULL,
	"c0" uuid,
	"c1" uuid,
	"element" jsonb,
	"oid" text,
	"pos" integer NOT NULL,
	"written" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "nextcrm_migrate"."junction_synced" (
	"junction" text NOT NULL,
	"staged" bigint NOT NULL,
	"last_written" bigint,
	"pairs" bigint NOT NULL,
	"pairs_digest" numeric NOT NULL,
	"dangling" integer NOT NULL,
	"unmapped" bigint NOT NULL,
	"unmapped_digest" numeric NOT NULL,
	"missing0" uuid[] NOT NULL,
	"missing1" uuid[] NOT NULL,
	CONSTRAINT "junction_synced_pkey" PRIMARY KEY("junction")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "nextcrm_migrate"."row_hash" (
	"table_name" text NOT NULL,
	"id" uuid NOT NULL,
	"hash" uuid NOT NULL,
	"written" "xid" NOT NULL,
	"unmapped" "xid",
	"missing" text[],
	CONSTRAINT "row_hash_pkey" PRIMARY KEY("table_name","id")
);
