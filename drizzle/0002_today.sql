CREATE TABLE "nextcrm_migrate"."after_upgrade" (
	"table_name" text NOT NULL,
	"id" uuid NOT NULL,
	"column_name" text NOT NULL,
	"value" jsonb NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "after_upgrade_pkey" PRIMARY KEY("table_name","id","column_name")
);
--> statement-breakpoint
CREATE TABLE "nextcrm_migrate"."upgrade_kept" (
	"table_name" text NOT NULL,
	"id" uuid NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "upgrade_kept_pkey" PRIMARY KEY("table_name","id")
);
