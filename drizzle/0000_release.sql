CREATE TYPE "public"."ActiveStatus" AS ENUM('ACTIVE', 'INACTIVE', 'PENDING');--> statement-breakpoint
CREATE TYPE "public"."DocumentSystemType" AS ENUM('INVOICE', 'RECEIPT', 'CONTRACT', 'OFFER', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."Language" AS ENUM('cz', 'en', 'de', 'uk');--> statement-breakpoint
CREATE TYPE "public"."crm_Contact_Type" AS ENUM('Customer', 'Partner', 'Vendor', 'Prospect');--> statement-breakpoint
CREATE TYPE "public"."crm_Contracts_Status" AS ENUM('NOTSTARTED', 'INPROGRESS', 'SIGNED');--> statement-breakpoint
CREATE TYPE "public"."crm_Lead_Status" AS ENUM('NEW', 'CONTACTED', 'QUALIFIED', 'LOST');--> statement-breakpoint
CREATE TYPE "public"."crm_Lead_Type" AS ENUM('DEMO');--> statement-breakpoint
CREATE TYPE "public"."crm_Opportunity_Status" AS ENUM('ACTIVE', 'INACTIVE', 'PENDING', 'CLOSED');--> statement-breakpoint
CREATE TYPE "public"."gptStatus" AS ENUM('ACTIVE', 'INACTIVE');--> statement-breakpoint
CREATE TYPE "public"."taskStatus" AS ENUM('ACTIVE', 'PENDING', 'COMPLETE');--> statement-breakpoint
CREATE TABLE "Employees" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"avatar" text NOT NULL,
	"email" text,
	"name" text NOT NULL,
	"salary" integer NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ImageUpload" (
	"id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "MyAccount" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"company_name" text NOT NULL,
	"is_person" boolean DEFAULT false NOT NULL,
	"email" text,
	"email_accountant" text,
	"phone_prefix" text,
	"phone" text,
	"mobile_prefix" text,
	"mobile" text,
	"fax_prefix" text,
	"fax" text,
	"website" text,
	"street" text,
	"city" text,
	"state" text,
	"zip" text,
	"country" text,
	"country_code" text,
	"billing_street" text,
	"billing_city" text,
	"billing_state" text,
	"billing_zip" text,
	"billing_country" text,
	"billing_country_code" text,
	"currency" text,
	"currency_symbol" text,
	"VAT_number" text NOT NULL,
	"TAX_number" text,
	"bank_name" text,
	"bank_account" text,
	"bank_code" text,
	"bank_IBAN" text,
	"bank_SWIFT" text
);
--> statement-breakpoint
CREATE TABLE "Users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer DEFAULT 0 NOT NULL,
	"account_name" text,
	"avatar" text,
	"email" text NOT NULL,
	"is_account_admin" boolean DEFAULT false NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_on" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"lastLoginAt" timestamp (3),
	"name" text,
	"password" text,
	"username" text,
	"userStatus" "ActiveStatus" DEFAULT 'PENDING' NOT NULL,
	"userLanguage" "Language" DEFAULT 'en' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gpt_models" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"model" text NOT NULL,
	"description" text,
	"status" "gptStatus",
	"created_on" timestamp (3) DEFAULT CURRENT_TIMESTAMP
);
--> statement-breakpoint
CREATE TABLE "modulStatus" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"isVisible" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "openAi_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"user" uuid NOT NULL,
	"organization_id" text NOT NULL,
	"api_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secondBrain_notions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"user" uuid NOT NULL,
	"notion_api_key" text NOT NULL,
	"notion_db_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "systemServices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL,
	"serviceUrl" text,
	"serviceId" text,
	"serviceKey" text,
	"servicePassword" text,
	"servicePort" text,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "system_Modules_Enabled" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"annual_revenue" text,
	"assigned_to" uuid,
	"billing_city" text,
	"billing_country" text,
	"billing_postal_code" text,
	"billing_state" text,
	"billing_street" text,
	"company_id" text,
	"description" text,
	"email" text,
	"employees" text,
	"fax" text,
	"industry" uuid,
	"member_of" text,
	"name" text NOT NULL,
	"office_phone" text,
	"shipping_city" text,
	"shipping_country" text,
	"shipping_postal_code" text,
	"shipping_state" text,
	"shipping_street" text,
	"status" text DEFAULT 'Inactive',
	"type" text DEFAULT 'Customer',
	"vat" text,
	"website" text
);
--> statement-breakpoint
CREATE TABLE "crm_Contacts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer DEFAULT 0 NOT NULL,
	"account" uuid,
	"assigned_to" uuid,
	"birthday" text,
	"created_by" uuid,
	"createdBy" uuid,
	"created_on" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"cratedAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"last_activity" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"last_activity_by" uuid,
	"description" text,
	"email" text,
	"personal_email" text,
	"first_name" text,
	"last_name" text NOT NULL,
	"office_phone" text,
	"mobile_phone" text,
	"website" text,
	"position" text,
	"status" boolean DEFAULT true NOT NULL,
	"social_twitter" text,
	"social_facebook" text,
	"social_linkedin" text,
	"social_skype" text,
	"social_instagram" text,
	"social_youtube" text,
	"social_tiktok" text,
	"type" text DEFAULT 'Customer',
	"tags" text[],
	"notes" text[],
	"accountsIDs" uuid
);
--> statement-breakpoint
CREATE TABLE "crm_Contracts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"title" text NOT NULL,
	"value" integer NOT NULL,
	"startDate" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"endDate" timestamp (3),
	"renewalReminderDate" timestamp (3),
	"customerSignedDate" timestamp (3),
	"companySignedDate" timestamp (3),
	"description" text,
	"account" uuid,
	"assigned_to" uuid,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"status" "crm_Contracts_Status" DEFAULT 'NOTSTARTED' NOT NULL,
	"type" text
);
--> statement-breakpoint
CREATE TABLE "crm_Industry_Type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Leads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer DEFAULT 0 NOT NULL,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"firstName" text,
	"lastName" text NOT NULL,
	"company" text,
	"jobTitle" text,
	"email" text,
	"phone" text,
	"description" text,
	"lead_source" text,
	"refered_by" text,
	"campaign" text,
	"status" text DEFAULT 'NEW',
	"type" text DEFAULT 'DEMO',
	"assigned_to" uuid,
	"accountsIDs" uuid
);
--> statement-breakpoint
CREATE TABLE "crm_Opportunities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer DEFAULT 0 NOT NULL,
	"account" uuid,
	"assigned_to" uuid,
	"budget" integer DEFAULT 0 NOT NULL,
	"campaign" uuid,
	"close_date" timestamp (3),
	"contact" uuid,
	"created_by" uuid,
	"createdBy" uuid,
	"created_on" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"last_activity" timestamp (3),
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"last_activity_by" uuid,
	"currency" text,
	"description" text,
	"expected_revenue" integer DEFAULT 0 NOT NULL,
	"name" text,
	"next_step" text,
	"sales_stage" uuid,
	"type" uuid,
	"status" "crm_Opportunity_Status" DEFAULT 'ACTIVE'
);
--> statement-breakpoint
CREATE TABLE "crm_Opportunities_Sales_Stages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL,
	"probability" integer,
	"order" integer
);
--> statement-breakpoint
CREATE TABLE "crm_Opportunities_Type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL,
	"order" integer
);
--> statement-breakpoint
CREATE TABLE "crm_campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text
);
--> statement-breakpoint
CREATE TABLE "Boards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"description" text NOT NULL,
	"favourite" boolean,
	"favouritePosition" integer,
	"icon" text,
	"position" integer,
	"title" text NOT NULL,
	"user" uuid NOT NULL,
	"visibility" text,
	"sharedWith" uuid[],
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid
);
--> statement-breakpoint
CREATE TABLE "Sections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"board" uuid NOT NULL,
	"title" text NOT NULL,
	"position" integer
);
--> statement-breakpoint
CREATE TABLE "Tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"content" text,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"dueDateAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"lastEditedAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"position" integer NOT NULL,
	"priority" text NOT NULL,
	"section" uuid,
	"tags" jsonb,
	"title" text NOT NULL,
	"likes" integer DEFAULT 0,
	"user" uuid,
	"taskStatus" "taskStatus" DEFAULT 'ACTIVE'
);
--> statement-breakpoint
CREATE TABLE "TodoList" (
	"id" uuid PRIMARY KEY NOT NULL,
	"createdAt" text NOT NULL,
	"description" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"user" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Accounts_Tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"content" text,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdBy" uuid,
	"updatedAt" timestamp (3),
	"updatedBy" uuid,
	"dueDateAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"priority" text NOT NULL,
	"tags" jsonb,
	"title" text NOT NULL,
	"likes" integer DEFAULT 0,
	"user" uuid,
	"taskStatus" "taskStatus" DEFAULT 'ACTIVE',
	"account" uuid
);
--> statement-breakpoint
CREATE TABLE "tasksComments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"comment" text NOT NULL,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"task" uuid NOT NULL,
	"user" uuid NOT NULL,
	"assigned_crm_account_task" uuid
);
--> statement-breakpoint
CREATE TABLE "Documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer,
	"date_created" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"createdAt" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"last_updated" timestamp (3),
	"updatedAt" timestamp (3),
	"document_name" text NOT NULL,
	"created_by_user" uuid,
	"createdBy" uuid,
	"description" text,
	"document_type" uuid,
	"favourite" boolean,
	"document_file_mimeType" text NOT NULL,
	"document_file_url" text NOT NULL,
	"status" text,
	"visibility" text,
	"tags" jsonb,
	"key" text,
	"size" integer,
	"assigned_user" uuid,
	"connected_documents" text[],
	"document_system_type" "DocumentSystemType" DEFAULT 'OTHER'
);
--> statement-breakpoint
CREATE TABLE "Documents_Types" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "Invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"__v" integer,
	"date_created" timestamp (3) DEFAULT CURRENT_TIMESTAMP NOT NULL,
	"last_updated" timestamp (3) NOT NULL,
	"last_updated_by" uuid,
	"date_received" timestamp (3) DEFAULT CURRENT_TIMESTAMP,
	"date_of_case" timestamp (3),
	"date_tax" timestamp (3),
	"date_due" timestamp (3),
	"description" text,
	"document_type" text,
	"favorite" boolean DEFAULT false,
	"variable_symbol" text,
	"constant_symbol" text,
	"specific_symbol" text,
	"order_number" text,
	"internal_number" text,
	"invoice_number" text,
	"invoice_amount" text,
	"invoice_file_mimeType" text NOT NULL,
	"invoice_file_url" text NOT NULL,
	"invoice_items" jsonb,
	"invoice_type" text,
	"invoice_currency" text,
	"invoice_language" text,
	"partner" text,
	"partner_street" text,
	"partner_city" text,
	"partner_zip" text,
	"partner_country" text,
	"partner_country_code" text,
	"partner_business_street" text,
	"partner_business_city" text,
	"partner_business_zip" text,
	"partner_business_country" text,
	"partner_business_country_code" text,
	"partner_VAT_number" text,
	"partner_TAX_number" text,
	"partner_TAX_local_number" text,
	"partner_phone_prefix" text,
	"partner_phone_number" text,
	"partner_fax_prefix" text,
	"partner_fax_number" text,
	"partner_email" text,
	"partner_website" text,
	"partner_is_person" boolean,
	"partner_bank" text,
	"partner_account_number" text,
	"partner_account_bank_number" text,
	"partner_IBAN" text,
	"partner_SWIFT" text,
	"partner_BIC" text,
	"rossum_status" text,
	"rossum_annotation_id" text,
	"rossum_annotation_url" text,
	"rossum_document_id" text,
	"rossum_document_url" text,
	"rossum_annotation_json_url" text,
	"rossum_annotation_xml_url" text,
	"money_s3_url" text,
	"status" text,
	"invoice_state_id" uuid,
	"assigned_user_id" uuid,
	"assigned_account_id" uuid,
	"visibility" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoice_States" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "AccountWatchers" (
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "AccountWatchers_pkey" PRIMARY KEY("account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "BoardWatchers" (
	"board_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "BoardWatchers_pkey" PRIMARY KEY("board_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ContactsToOpportunities" (
	"contact_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	CONSTRAINT "ContactsToOpportunities_pkey" PRIMARY KEY("contact_id","opportunity_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToAccounts" (
	"document_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToAccounts_pkey" PRIMARY KEY("document_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToContacts" (
	"document_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToContacts_pkey" PRIMARY KEY("document_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToCrmAccountsTasks" (
	"document_id" uuid NOT NULL,
	"crm_accounts_task_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToCrmAccountsTasks_pkey" PRIMARY KEY("document_id","crm_accounts_task_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToInvoices" (
	"document_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToInvoices_pkey" PRIMARY KEY("document_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToLeads" (
	"document_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToLeads_pkey" PRIMARY KEY("document_id","lead_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToOpportunities" (
	"document_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToOpportunities_pkey" PRIMARY KEY("document_id","opportunity_id")
);
--> statement-breakpoint
CREATE TABLE "DocumentsToTasks" (
	"document_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	CONSTRAINT "DocumentsToTasks_pkey" PRIMARY KEY("document_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "_prisma_migrations" (
	"id" varchar(36) PRIMARY KEY NOT NULL,
	"checksum" varchar(64) NOT NULL,
	"finished_at" timestamp with time zone,
	"migration_name" varchar(255) NOT NULL,
	"logs" text,
	"rolled_back_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_steps_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "openAi_keys" ADD CONSTRAINT "openAi_keys_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "secondBrain_notions" ADD CONSTRAINT "secondBrain_notions_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Accounts" ADD CONSTRAINT "crm_Accounts_industry_fkey" FOREIGN KEY ("industry") REFERENCES "public"."crm_Industry_Type"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Accounts" ADD CONSTRAINT "crm_Accounts_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_accountsIDs_fkey" FOREIGN KEY ("accountsIDs") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Contracts" ADD CONSTRAINT "crm_Contracts_account_fkey" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Contracts" ADD CONSTRAINT "crm_Contracts_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Leads" ADD CONSTRAINT "crm_Leads_accountsIDs_fkey" FOREIGN KEY ("accountsIDs") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Leads" ADD CONSTRAINT "crm_Leads_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_type_fkey" FOREIGN KEY ("type") REFERENCES "public"."crm_Opportunities_Type"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_account_fkey" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_campaign_fkey" FOREIGN KEY ("campaign") REFERENCES "public"."crm_campaigns"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_assigned_to_fkey" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_sales_stage_fkey" FOREIGN KEY ("sales_stage") REFERENCES "public"."crm_Opportunities_Sales_Stages"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Boards" ADD CONSTRAINT "Boards_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Sections" ADD CONSTRAINT "Sections_board_fkey" FOREIGN KEY ("board") REFERENCES "public"."Boards"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Tasks" ADD CONSTRAINT "Tasks_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Tasks" ADD CONSTRAINT "Tasks_section_fkey" FOREIGN KEY ("section") REFERENCES "public"."Sections"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Accounts_Tasks" ADD CONSTRAINT "crm_Accounts_Tasks_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "crm_Accounts_Tasks" ADD CONSTRAINT "crm_Accounts_Tasks_account_fkey" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_task_fkey" FOREIGN KEY ("task") REFERENCES "public"."Tasks"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_user_fkey" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_assigned_crm_account_task_fkey" FOREIGN KEY ("assigned_crm_account_task") REFERENCES "public"."crm_Accounts_Tasks"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_assigned_user_fkey" FOREIGN KEY ("assigned_user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_document_type_fkey" FOREIGN KEY ("document_type") REFERENCES "public"."Documents_Types"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_created_by_user_fkey" FOREIGN KEY ("created_by_user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_assigned_user_id_fkey" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_invoice_state_id_fkey" FOREIGN KEY ("invoice_state_id") REFERENCES "public"."invoice_States"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_assigned_account_id_fkey" FOREIGN KEY ("assigned_account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "AccountWatchers" ADD CONSTRAINT "AccountWatchers_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "AccountWatchers" ADD CONSTRAINT "AccountWatchers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."Users"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "BoardWatchers" ADD CONSTRAINT "BoardWatchers_board_id_fkey" FOREIGN KEY ("board_id") REFERENCES "public"."Boards"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "BoardWatchers" ADD CONSTRAINT "BoardWatchers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."Users"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "ContactsToOpportunities" ADD CONSTRAINT "ContactsToOpportunities_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_Contacts"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "ContactsToOpportunities" ADD CONSTRAINT "ContactsToOpportunities_opportunity_id_fkey" FOREIGN KEY ("opportunity_id") REFERENCES "public"."crm_Opportunities"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToAccounts" ADD CONSTRAINT "DocumentsToAccounts_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToAccounts" ADD CONSTRAINT "DocumentsToAccounts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToContacts" ADD CONSTRAINT "DocumentsToContacts_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToContacts" ADD CONSTRAINT "DocumentsToContacts_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_Contacts"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToCrmAccountsTasks" ADD CONSTRAINT "DocumentsToCrmAccountsTasks_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToCrmAccountsTasks" ADD CONSTRAINT "DocumentsToCrmAccountsTasks_crm_accounts_task_id_fkey" FOREIGN KEY ("crm_accounts_task_id") REFERENCES "public"."crm_Accounts_Tasks"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToInvoices" ADD CONSTRAINT "DocumentsToInvoices_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToInvoices" ADD CONSTRAINT "DocumentsToInvoices_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "public"."Invoices"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToLeads" ADD CONSTRAINT "DocumentsToLeads_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToLeads" ADD CONSTRAINT "DocumentsToLeads_lead_id_fkey" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_Leads"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToOpportunities" ADD CONSTRAINT "DocumentsToOpportunities_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToOpportunities" ADD CONSTRAINT "DocumentsToOpportunities_opportunity_id_fkey" FOREIGN KEY ("opportunity_id") REFERENCES "public"."crm_Opportunities"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToTasks" ADD CONSTRAINT "DocumentsToTasks_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "DocumentsToTasks" ADD CONSTRAINT "DocumentsToTasks_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "public"."Tasks"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "Users_email_idx" ON "Users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "Users_email_key" ON "Users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "Users_is_admin_idx" ON "Users" USING btree ("is_admin");--> statement-breakpoint
CREATE INDEX "Users_created_on_idx" ON "Users" USING btree ("created_on");--> statement-breakpoint
CREATE INDEX "Users_userStatus_idx" ON "Users" USING btree ("userStatus");--> statement-breakpoint
CREATE INDEX "Users_lastLoginAt_idx" ON "Users" USING btree ("lastLoginAt");--> statement-breakpoint
CREATE INDEX "Users_userLanguage_idx" ON "Users" USING btree ("userLanguage");--> statement-breakpoint
CREATE INDEX "Users_is_account_admin_idx" ON "Users" USING btree ("is_account_admin");--> statement-breakpoint
CREATE INDEX "openAi_keys_user_idx" ON "openAi_keys" USING btree ("user");--> statement-breakpoint
CREATE INDEX "secondBrain_notions_user_idx" ON "secondBrain_notions" USING btree ("user");--> statement-breakpoint
CREATE INDEX "crm_Accounts_type_idx" ON "crm_Accounts" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_Accounts_status_idx" ON "crm_Accounts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_Accounts_industry_idx" ON "crm_Accounts" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "crm_Accounts_createdAt_idx" ON "crm_Accounts" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_Accounts_createdBy_idx" ON "crm_Accounts" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_Accounts_updatedBy_idx" ON "crm_Accounts" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_Accounts_assigned_to_idx" ON "crm_Accounts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_Contacts_type_idx" ON "crm_Contacts" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_Contacts_status_idx" ON "crm_Contacts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_Contacts_cratedAt_idx" ON "crm_Contacts" USING btree ("cratedAt");--> statement-breakpoint
CREATE INDEX "crm_Contacts_createdBy_idx" ON "crm_Contacts" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_Contacts_updatedBy_idx" ON "crm_Contacts" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_Contacts_created_by_idx" ON "crm_Contacts" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "crm_Contacts_accountsIDs_idx" ON "crm_Contacts" USING btree ("accountsIDs");--> statement-breakpoint
CREATE INDEX "crm_Contacts_assigned_to_idx" ON "crm_Contacts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_Contacts_last_activity_idx" ON "crm_Contacts" USING btree ("last_activity");--> statement-breakpoint
CREATE INDEX "crm_Contracts_status_idx" ON "crm_Contracts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_Contracts_account_idx" ON "crm_Contracts" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_Contracts_endDate_idx" ON "crm_Contracts" USING btree ("endDate");--> statement-breakpoint
CREATE INDEX "crm_Contracts_createdAt_idx" ON "crm_Contracts" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_Contracts_createdBy_idx" ON "crm_Contracts" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_Contracts_startDate_idx" ON "crm_Contracts" USING btree ("startDate");--> statement-breakpoint
CREATE INDEX "crm_Contracts_updatedBy_idx" ON "crm_Contracts" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_Contracts_assigned_to_idx" ON "crm_Contracts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_Contracts_startDate_endDate_idx" ON "crm_Contracts" USING btree ("startDate","endDate");--> statement-breakpoint
CREATE INDEX "crm_Leads_type_idx" ON "crm_Leads" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_Leads_status_idx" ON "crm_Leads" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_Leads_createdAt_idx" ON "crm_Leads" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_Leads_createdBy_idx" ON "crm_Leads" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_Leads_updatedBy_idx" ON "crm_Leads" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_Leads_accountsIDs_idx" ON "crm_Leads" USING btree ("accountsIDs");--> statement-breakpoint
CREATE INDEX "crm_Leads_assigned_to_idx" ON "crm_Leads" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_type_idx" ON "crm_Opportunities" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_status_idx" ON "crm_Opportunities" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_account_idx" ON "crm_Opportunities" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_contact_idx" ON "crm_Opportunities" USING btree ("contact");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_campaign_idx" ON "crm_Opportunities" USING btree ("campaign");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_createdAt_idx" ON "crm_Opportunities" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_close_date_idx" ON "crm_Opportunities" USING btree ("close_date");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_created_by_idx" ON "crm_Opportunities" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_assigned_to_idx" ON "crm_Opportunities" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_sales_stage_idx" ON "crm_Opportunities" USING btree ("sales_stage");--> statement-breakpoint
CREATE INDEX "crm_Opportunities_status_sales_stage_idx" ON "crm_Opportunities" USING btree ("status","sales_stage");--> statement-breakpoint
CREATE INDEX "Boards_user_idx" ON "Boards" USING btree ("user");--> statement-breakpoint
CREATE INDEX "Boards_createdAt_idx" ON "Boards" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "Boards_createdBy_idx" ON "Boards" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "Boards_favourite_idx" ON "Boards" USING btree ("favourite");--> statement-breakpoint
CREATE INDEX "Boards_updatedBy_idx" ON "Boards" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "Boards_visibility_idx" ON "Boards" USING btree ("visibility");--> statement-breakpoint
CREATE INDEX "Boards_user_favourite_idx" ON "Boards" USING btree ("user","favourite");--> statement-breakpoint
CREATE INDEX "Sections_board_idx" ON "Sections" USING btree ("board");--> statement-breakpoint
CREATE INDEX "Tasks_user_idx" ON "Tasks" USING btree ("user");--> statement-breakpoint
CREATE INDEX "Tasks_section_idx" ON "Tasks" USING btree ("section");--> statement-breakpoint
CREATE INDEX "Tasks_priority_idx" ON "Tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "Tasks_createdAt_idx" ON "Tasks" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "Tasks_createdBy_idx" ON "Tasks" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "Tasks_dueDateAt_idx" ON "Tasks" USING btree ("dueDateAt");--> statement-breakpoint
CREATE INDEX "Tasks_updatedBy_idx" ON "Tasks" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "Tasks_taskStatus_idx" ON "Tasks" USING btree ("taskStatus");--> statement-breakpoint
CREATE INDEX "Tasks_user_taskStatus_idx" ON "Tasks" USING btree ("user","taskStatus");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_user_idx" ON "crm_Accounts_Tasks" USING btree ("user");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_account_idx" ON "crm_Accounts_Tasks" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_priority_idx" ON "crm_Accounts_Tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_createdAt_idx" ON "crm_Accounts_Tasks" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_createdBy_idx" ON "crm_Accounts_Tasks" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_dueDateAt_idx" ON "crm_Accounts_Tasks" USING btree ("dueDateAt");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_updatedBy_idx" ON "crm_Accounts_Tasks" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_taskStatus_idx" ON "crm_Accounts_Tasks" USING btree ("taskStatus");--> statement-breakpoint
CREATE INDEX "crm_Accounts_Tasks_account_taskStatus_idx" ON "crm_Accounts_Tasks" USING btree ("account","taskStatus");--> statement-breakpoint
CREATE INDEX "tasksComments_task_idx" ON "tasksComments" USING btree ("task");--> statement-breakpoint
CREATE INDEX "tasksComments_user_idx" ON "tasksComments" USING btree ("user");--> statement-breakpoint
CREATE INDEX "tasksComments_assigned_crm_account_task_idx" ON "tasksComments" USING btree ("assigned_crm_account_task");--> statement-breakpoint
CREATE INDEX "Documents_status_idx" ON "Documents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "Documents_createdAt_idx" ON "Documents" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "Documents_createdBy_idx" ON "Documents" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "Documents_favourite_idx" ON "Documents" USING btree ("favourite");--> statement-breakpoint
CREATE INDEX "Documents_visibility_idx" ON "Documents" USING btree ("visibility");--> statement-breakpoint
CREATE INDEX "Documents_assigned_user_idx" ON "Documents" USING btree ("assigned_user");--> statement-breakpoint
CREATE INDEX "Documents_document_type_idx" ON "Documents" USING btree ("document_type");--> statement-breakpoint
CREATE INDEX "Documents_created_by_user_idx" ON "Documents" USING btree ("created_by_user");--> statement-breakpoint
CREATE INDEX "Documents_document_system_type_idx" ON "Documents" USING btree ("document_system_type");--> statement-breakpoint
CREATE INDEX "Invoices_status_idx" ON "Invoices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "Invoices_date_due_idx" ON "Invoices" USING btree ("date_due");--> statement-breakpoint
CREATE INDEX "Invoices_favorite_idx" ON "Invoices" USING btree ("favorite");--> statement-breakpoint
CREATE INDEX "Invoices_date_created_idx" ON "Invoices" USING btree ("date_created");--> statement-breakpoint
CREATE INDEX "Invoices_invoice_type_idx" ON "Invoices" USING btree ("invoice_type");--> statement-breakpoint
CREATE INDEX "Invoices_last_updated_by_idx" ON "Invoices" USING btree ("last_updated_by");--> statement-breakpoint
CREATE INDEX "Invoices_assigned_user_id_idx" ON "Invoices" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "Invoices_invoice_state_id_idx" ON "Invoices" USING btree ("invoice_state_id");--> statement-breakpoint
CREATE INDEX "Invoices_assigned_account_id_idx" ON "Invoices" USING btree ("assigned_account_id");--> statement-breakpoint
CREATE INDEX "Invoices_status_date_created_idx" ON "Invoices" USING btree ("status","date_created");--> statement-breakpoint
CREATE INDEX "AccountWatchers_account_id_idx" ON "AccountWatchers" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "AccountWatchers_user_id_idx" ON "AccountWatchers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "BoardWatchers_board_id_idx" ON "BoardWatchers" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "BoardWatchers_user_id_idx" ON "BoardWatchers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ContactsToOpportunities_contact_id_idx" ON "ContactsToOpportunities" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "ContactsToOpportunities_opportunity_id_idx" ON "ContactsToOpportunities" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "DocumentsToAccounts_document_id_idx" ON "DocumentsToAccounts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToAccounts_account_id_idx" ON "DocumentsToAccounts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "DocumentsToContacts_document_id_idx" ON "DocumentsToContacts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToContacts_contact_id_idx" ON "DocumentsToContacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "DocumentsToCrmAccountsTasks_document_id_idx" ON "DocumentsToCrmAccountsTasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToCrmAccountsTasks_crm_accounts_task_id_idx" ON "DocumentsToCrmAccountsTasks" USING btree ("crm_accounts_task_id");--> statement-breakpoint
CREATE INDEX "DocumentsToInvoices_document_id_idx" ON "DocumentsToInvoices" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToInvoices_invoice_id_idx" ON "DocumentsToInvoices" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "DocumentsToLeads_document_id_idx" ON "DocumentsToLeads" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToLeads_lead_id_idx" ON "DocumentsToLeads" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "DocumentsToOpportunities_document_id_idx" ON "DocumentsToOpportunities" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToOpportunities_opportunity_id_idx" ON "DocumentsToOpportunities" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "DocumentsToTasks_document_id_idx" ON "DocumentsToTasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "DocumentsToTasks_task_id_idx" ON "DocumentsToTasks" USING btree ("task_id");