CREATE SCHEMA "nextcrm_migrate";
--> statement-breakpoint
CREATE TABLE "nextcrm_migrate"."unmapped" (
	"table_name" text NOT NULL,
	"id" uuid NOT NULL,
	"mongo_id" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "unmapped_pkey" PRIMARY KEY("table_name","id")
);
--> statement-breakpoint
ALTER TABLE "tasksComments" ALTER COLUMN "task" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "users_active_idx" ON "Users" USING btree ("userStatus") WHERE "Users"."userStatus" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "crm_accounts_name_fts_idx" ON "crm_Accounts" USING gin (to_tsvector('english', COALESCE("name", '')));--> statement-breakpoint
CREATE INDEX "crm_contacts_name_fts_idx" ON "crm_Contacts" USING gin (to_tsvector('english', COALESCE("first_name", '') || ' ' || COALESCE("last_name", '')));--> statement-breakpoint
CREATE INDEX "crm_contacts_notes_gin_idx" ON "crm_Contacts" USING gin ("notes");--> statement-breakpoint
CREATE INDEX "crm_leads_name_fts_idx" ON "crm_Leads" USING gin (to_tsvector('english', COALESCE("firstName", '') || ' ' || COALESCE("lastName", '') || ' ' || COALESCE("company", '')));--> statement-breakpoint
CREATE INDEX "crm_opportunities_name_fts_idx" ON "crm_Opportunities" USING gin (to_tsvector('english', COALESCE("name", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "tasks_title_fts_idx" ON "Tasks" USING gin (to_tsvector('english', COALESCE("title", '') || ' ' || COALESCE("content", '')));--> statement-breakpoint
CREATE INDEX "tasks_tags_gin_idx" ON "Tasks" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_title_fts_idx" ON "crm_Accounts_Tasks" USING gin (to_tsvector('english', COALESCE("title", '') || ' ' || COALESCE("content", '')));--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_tags_gin_idx" ON "crm_Accounts_Tasks" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "documents_name_fts_idx" ON "Documents" USING gin (to_tsvector('english', COALESCE("document_name", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "documents_tags_gin_idx" ON "Documents" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "invoices_number_fts_idx" ON "Invoices" USING gin (to_tsvector('english', COALESCE("invoice_number", '') || ' ' || COALESCE("partner", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "invoices_items_gin_idx" ON "Invoices" USING gin ("invoice_items");