-- Written by hand, as drizzle-kit does not generate functions (src/schema/columns.ts, NOTE_PREFIXES_FUNCTION):
-- the first 512 characters of every note, for crm_contacts_notes_gin_idx. IMMUTABLE: left and unnest are.
CREATE OR REPLACE FUNCTION "nextcrm_migrate"."note_prefixes"(notes text[]) RETURNS text[]
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$ SELECT ARRAY(SELECT pg_catalog.left(e, 512) FROM pg_catalog.unnest(notes) AS e) $$;--> statement-breakpoint
DROP INDEX "crm_accounts_name_fts_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_name_fts_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_notes_gin_idx";--> statement-breakpoint
DROP INDEX "crm_leads_name_fts_idx";--> statement-breakpoint
DROP INDEX "crm_opportunities_name_fts_idx";--> statement-breakpoint
DROP INDEX "tasks_title_fts_idx";--> statement-breakpoint
DROP INDEX "crm_accounts_tasks_title_fts_idx";--> statement-breakpoint
DROP INDEX "documents_name_fts_idx";--> statement-breakpoint
DROP INDEX "invoices_number_fts_idx";--> statement-breakpoint
CREATE INDEX "crm_accounts_name_fts_idx" ON "crm_Accounts" USING gin (to_tsvector('english', left(COALESCE("name", ''), 16384)));--> statement-breakpoint
CREATE INDEX "crm_contacts_name_fts_idx" ON "crm_Contacts" USING gin (to_tsvector('english', left(COALESCE("first_name", ''), 16384) || ' ' || left(COALESCE("last_name", ''), 16384)));--> statement-breakpoint
CREATE INDEX "crm_contacts_notes_gin_idx" ON "crm_Contacts" USING gin (nextcrm_migrate.note_prefixes("notes"));--> statement-breakpoint
CREATE INDEX "crm_leads_name_fts_idx" ON "crm_Leads" USING gin (to_tsvector('english', left(COALESCE("firstName", ''), 16384) || ' ' || left(COALESCE("lastName", ''), 16384) || ' ' || left(COALESCE("company", ''), 16384)));--> statement-breakpoint
CREATE INDEX "crm_opportunities_name_fts_idx" ON "crm_Opportunities" USING gin (to_tsvector('english', left(COALESCE("name", ''), 16384) || ' ' || left(COALESCE("description", ''), 16384)));--> statement-breakpoint
CREATE INDEX "tasks_title_fts_idx" ON "Tasks" USING gin (to_tsvector('english', left(COALESCE("title", ''), 16384) || ' ' || left(COALESCE("content", ''), 16384)));--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_title_fts_idx" ON "crm_Accounts_Tasks" USING gin (to_tsvector('english', left(COALESCE("title", ''), 16384) || ' ' || left(COALESCE("content", ''), 16384)));--> statement-breakpoint
CREATE INDEX "documents_name_fts_idx" ON "Documents" USING gin (to_tsvector('english', left(COALESCE("document_name", ''), 16384) || ' ' || left(COALESCE("description", ''), 16384)));--> statement-breakpoint
CREATE INDEX "invoices_number_fts_idx" ON "Invoices" USING gin (to_tsvector('english', left(COALESCE("invoice_number", ''), 16384) || ' ' || left(COALESCE("partner", ''), 16384) || ' ' || left(COALESCE("description", ''), 16384)));