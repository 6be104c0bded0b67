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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"avatar" text NOT NULL,
	"email" text,
	"name" text NOT NULL,
	"salary" bigint NOT NULL,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ImageUpload" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "MyAccount" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer DEFAULT 0,
	"account_name" text,
	"avatar" text,
	"email" text NOT NULL,
	"is_account_admin" boolean DEFAULT false NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_on" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lastLoginAt" timestamp (3) with time zone,
	"name" text,
	"password" text,
	"username" text,
	"userStatus" "ActiveStatus" DEFAULT 'PENDING' NOT NULL,
	"userLanguage" "Language" DEFAULT 'en' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gpt_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"model" text NOT NULL,
	"description" text,
	"status" "gptStatus",
	"created_on" timestamp (3) with time zone DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE "modulStatus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"isVisible" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "openAi_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"user" uuid NOT NULL,
	"organization_id" text NOT NULL,
	"api_key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "secondBrain_notions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"user" uuid NOT NULL,
	"notion_api_key" text NOT NULL,
	"notion_db_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "systemServices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL,
	"enabled" boolean NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"createdAt" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer DEFAULT 0,
	"account" uuid,
	"assigned_to" uuid,
	"birthday" text,
	"created_by" uuid,
	"createdBy" uuid,
	"created_on" timestamp (3) with time zone DEFAULT now(),
	"cratedAt" timestamp (3) with time zone DEFAULT now(),
	"last_activity" timestamp (3) with time zone DEFAULT now(),
	"updatedAt" timestamp (3) with time zone,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"title" text NOT NULL,
	"value" bigint NOT NULL,
	"startDate" timestamp (3) with time zone DEFAULT now(),
	"endDate" timestamp (3) with time zone,
	"renewalReminderDate" timestamp (3) with time zone,
	"customerSignedDate" timestamp (3) with time zone,
	"companySignedDate" timestamp (3) with time zone,
	"description" text,
	"account" uuid,
	"assigned_to" uuid,
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
	"updatedBy" uuid,
	"status" "crm_Contracts_Status" DEFAULT 'NOTSTARTED' NOT NULL,
	"type" text
);
--> statement-breakpoint
CREATE TABLE "crm_Industry_Type" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer DEFAULT 0,
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer DEFAULT 0,
	"account" uuid,
	"assigned_to" uuid,
	"budget" bigint DEFAULT 0 NOT NULL,
	"campaign" uuid,
	"close_date" timestamp (3) with time zone,
	"contact" uuid,
	"created_by" uuid,
	"createdBy" uuid,
	"created_on" timestamp (3) with time zone DEFAULT now(),
	"createdAt" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_activity" timestamp (3) with time zone,
	"updatedAt" timestamp (3) with time zone,
	"updatedBy" uuid,
	"last_activity_by" uuid,
	"currency" text,
	"description" text,
	"expected_revenue" bigint DEFAULT 0 NOT NULL,
	"name" text,
	"next_step" text,
	"sales_stage" uuid,
	"type" uuid,
	"status" "crm_Opportunity_Status" DEFAULT 'ACTIVE'
);
--> statement-breakpoint
CREATE TABLE "crm_Opportunities_Sales_Stages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL,
	"probability" integer,
	"order" integer
);
--> statement-breakpoint
CREATE TABLE "crm_Opportunities_Type" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL,
	"order" integer
);
--> statement-breakpoint
CREATE TABLE "crm_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL,
	"description" text,
	"status" text
);
--> statement-breakpoint
CREATE TABLE "Boards" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"description" text NOT NULL,
	"favourite" boolean,
	"favouritePosition" integer,
	"icon" text,
	"position" integer,
	"title" text NOT NULL,
	"user" uuid NOT NULL,
	"visibility" text,
	"sharedWith" uuid[],
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
	"updatedBy" uuid
);
--> statement-breakpoint
CREATE TABLE "Sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"board" uuid,
	"title" text NOT NULL,
	"position" integer
);
--> statement-breakpoint
CREATE TABLE "Tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"content" text,
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
	"updatedBy" uuid,
	"dueDateAt" timestamp (3) with time zone DEFAULT now(),
	"lastEditedAt" timestamp (3) with time zone DEFAULT now(),
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"createdAt" text NOT NULL,
	"description" text NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"user" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crm_Accounts_Tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"content" text,
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"createdBy" uuid,
	"updatedAt" timestamp (3) with time zone,
	"updatedBy" uuid,
	"dueDateAt" timestamp (3) with time zone DEFAULT now(),
	"priority" text NOT NULL,
	"tags" jsonb,
	"title" text NOT NULL,
	"likes" integer DEFAULT 0,
	"user" uuid,
	"account" uuid,
	"taskStatus" "taskStatus" DEFAULT 'ACTIVE'
);
--> statement-breakpoint
CREATE TABLE "tasksComments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"comment" text NOT NULL,
	"createdAt" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"task" uuid,
	"user" uuid NOT NULL,
	"assigned_crm_account_task" uuid
);
--> statement-breakpoint
CREATE TABLE "Documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"date_created" timestamp (3) with time zone DEFAULT now(),
	"createdAt" timestamp (3) with time zone DEFAULT now(),
	"last_updated" timestamp (3) with time zone,
	"updatedAt" timestamp (3) with time zone,
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
	"size" bigint,
	"assigned_user" uuid,
	"connected_documents" text[],
	"document_system_type" "DocumentSystemType" DEFAULT 'OTHER'
);
--> statement-breakpoint
CREATE TABLE "Documents_Types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "Invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"__v" integer,
	"date_created" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp (3) with time zone NOT NULL,
	"last_updated_by" uuid,
	"date_received" timestamp (3) with time zone DEFAULT now(),
	"date_of_case" timestamp (3) with time zone,
	"date_tax" timestamp (3) with time zone,
	"date_due" timestamp (3) with time zone,
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
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "_AccountWatchers" (
	"account_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "_account_watchers_pkey" PRIMARY KEY("account_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "_BoardWatchers" (
	"board_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "_board_watchers_pkey" PRIMARY KEY("board_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "_ContactsToOpportunities" (
	"contact_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	CONSTRAINT "_contacts_to_opportunities_pkey" PRIMARY KEY("contact_id","opportunity_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToAccounts" (
	"document_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_accounts_pkey" PRIMARY KEY("document_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToContacts" (
	"document_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_contacts_pkey" PRIMARY KEY("document_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToCrmAccountsTasks" (
	"document_id" uuid NOT NULL,
	"crm_accounts_task_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_crm_accounts_tasks_pkey" PRIMARY KEY("document_id","crm_accounts_task_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToInvoices" (
	"document_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_invoices_pkey" PRIMARY KEY("document_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToLeads" (
	"document_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_leads_pkey" PRIMARY KEY("document_id","lead_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToOpportunities" (
	"document_id" uuid NOT NULL,
	"opportunity_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_opportunities_pkey" PRIMARY KEY("document_id","opportunity_id")
);
--> statement-breakpoint
CREATE TABLE "_DocumentsToTasks" (
	"document_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	CONSTRAINT "_documents_to_tasks_pkey" PRIMARY KEY("document_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "_migration_unmapped" (
	"table_name" text NOT NULL,
	"id" uuid NOT NULL,
	"mongo_id" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "_migration_unmapped_pkey" PRIMARY KEY("table_name","id")
);
--> statement-breakpoint
ALTER TABLE "openAi_keys" ADD CONSTRAINT "openAi_keys_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secondBrain_notions" ADD CONSTRAINT "secondBrain_notions_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Accounts" ADD CONSTRAINT "crm_Accounts_assigned_to_Users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Accounts" ADD CONSTRAINT "crm_Accounts_industry_crm_Industry_Type_id_fk" FOREIGN KEY ("industry") REFERENCES "public"."crm_Industry_Type"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_assigned_to_Users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_created_by_Users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Contacts" ADD CONSTRAINT "crm_Contacts_accountsIDs_crm_Accounts_id_fk" FOREIGN KEY ("accountsIDs") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Contracts" ADD CONSTRAINT "crm_Contracts_account_crm_Accounts_id_fk" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Contracts" ADD CONSTRAINT "crm_Contracts_assigned_to_Users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Leads" ADD CONSTRAINT "crm_Leads_assigned_to_Users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Leads" ADD CONSTRAINT "crm_Leads_accountsIDs_crm_Accounts_id_fk" FOREIGN KEY ("accountsIDs") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_account_crm_Accounts_id_fk" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_assigned_to_Users_id_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_campaign_crm_campaigns_id_fk" FOREIGN KEY ("campaign") REFERENCES "public"."crm_campaigns"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_created_by_Users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_sales_stage_crm_Opportunities_Sales_Stages_id_fk" FOREIGN KEY ("sales_stage") REFERENCES "public"."crm_Opportunities_Sales_Stages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Opportunities" ADD CONSTRAINT "crm_Opportunities_type_crm_Opportunities_Type_id_fk" FOREIGN KEY ("type") REFERENCES "public"."crm_Opportunities_Type"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Boards" ADD CONSTRAINT "Boards_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Sections" ADD CONSTRAINT "Sections_board_Boards_id_fk" FOREIGN KEY ("board") REFERENCES "public"."Boards"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Tasks" ADD CONSTRAINT "Tasks_section_Sections_id_fk" FOREIGN KEY ("section") REFERENCES "public"."Sections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Tasks" ADD CONSTRAINT "Tasks_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Accounts_Tasks" ADD CONSTRAINT "crm_Accounts_Tasks_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_Accounts_Tasks" ADD CONSTRAINT "crm_Accounts_Tasks_account_crm_Accounts_id_fk" FOREIGN KEY ("account") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_task_Tasks_id_fk" FOREIGN KEY ("task") REFERENCES "public"."Tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_user_Users_id_fk" FOREIGN KEY ("user") REFERENCES "public"."Users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasksComments" ADD CONSTRAINT "tasksComments_assigned_crm_account_task_crm_Accounts_Tasks_id_fk" FOREIGN KEY ("assigned_crm_account_task") REFERENCES "public"."crm_Accounts_Tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_created_by_user_Users_id_fk" FOREIGN KEY ("created_by_user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_document_type_Documents_Types_id_fk" FOREIGN KEY ("document_type") REFERENCES "public"."Documents_Types"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Documents" ADD CONSTRAINT "Documents_assigned_user_Users_id_fk" FOREIGN KEY ("assigned_user") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_invoice_state_id_invoice_States_id_fk" FOREIGN KEY ("invoice_state_id") REFERENCES "public"."invoice_States"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_assigned_user_id_Users_id_fk" FOREIGN KEY ("assigned_user_id") REFERENCES "public"."Users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "Invoices" ADD CONSTRAINT "Invoices_assigned_account_id_crm_Accounts_id_fk" FOREIGN KEY ("assigned_account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_AccountWatchers" ADD CONSTRAINT "_AccountWatchers_account_id_crm_Accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_AccountWatchers" ADD CONSTRAINT "_AccountWatchers_user_id_Users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."Users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_BoardWatchers" ADD CONSTRAINT "_BoardWatchers_board_id_Boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."Boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_BoardWatchers" ADD CONSTRAINT "_BoardWatchers_user_id_Users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."Users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_ContactsToOpportunities" ADD CONSTRAINT "_ContactsToOpportunities_contact_id_crm_Contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_Contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_ContactsToOpportunities" ADD CONSTRAINT "_ContactsToOpportunities_opportunity_id_crm_Opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."crm_Opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToAccounts" ADD CONSTRAINT "_DocumentsToAccounts_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToAccounts" ADD CONSTRAINT "_DocumentsToAccounts_account_id_crm_Accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."crm_Accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToContacts" ADD CONSTRAINT "_DocumentsToContacts_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToContacts" ADD CONSTRAINT "_DocumentsToContacts_contact_id_crm_Contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."crm_Contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToCrmAccountsTasks" ADD CONSTRAINT "_DocumentsToCrmAccountsTasks_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToCrmAccountsTasks" ADD CONSTRAINT "_DocumentsToCrmAccountsTasks_crm_accounts_task_id_crm_Accounts_Tasks_id_fk" FOREIGN KEY ("crm_accounts_task_id") REFERENCES "public"."crm_Accounts_Tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToInvoices" ADD CONSTRAINT "_DocumentsToInvoices_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToInvoices" ADD CONSTRAINT "_DocumentsToInvoices_invoice_id_Invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."Invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToLeads" ADD CONSTRAINT "_DocumentsToLeads_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToLeads" ADD CONSTRAINT "_DocumentsToLeads_lead_id_crm_Leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."crm_Leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToOpportunities" ADD CONSTRAINT "_DocumentsToOpportunities_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToOpportunities" ADD CONSTRAINT "_DocumentsToOpportunities_opportunity_id_crm_Opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."crm_Opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToTasks" ADD CONSTRAINT "_DocumentsToTasks_document_id_Documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."Documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "_DocumentsToTasks" ADD CONSTRAINT "_DocumentsToTasks_task_id_Tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."Tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "Users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "users_status_idx" ON "Users" USING btree ("userStatus");--> statement-breakpoint
CREATE INDEX "users_language_idx" ON "Users" USING btree ("userLanguage");--> statement-breakpoint
CREATE INDEX "users_is_admin_idx" ON "Users" USING btree ("is_admin");--> statement-breakpoint
CREATE INDEX "users_is_account_admin_idx" ON "Users" USING btree ("is_account_admin");--> statement-breakpoint
CREATE INDEX "users_created_on_idx" ON "Users" USING btree ("created_on");--> statement-breakpoint
CREATE INDEX "users_last_login_idx" ON "Users" USING btree ("lastLoginAt");--> statement-breakpoint
CREATE INDEX "users_active_idx" ON "Users" USING btree ("userStatus") WHERE "Users"."userStatus" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "open_ai_keys_user_idx" ON "openAi_keys" USING btree ("user");--> statement-breakpoint
CREATE INDEX "second_brain_notions_user_idx" ON "secondBrain_notions" USING btree ("user");--> statement-breakpoint
CREATE INDEX "crm_accounts_assigned_to_idx" ON "crm_Accounts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_accounts_industry_idx" ON "crm_Accounts" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "crm_accounts_created_by_idx" ON "crm_Accounts" USING btree ("createdBy");--> statement-breakpoint
CREATE INDEX "crm_accounts_updated_by_idx" ON "crm_Accounts" USING btree ("updatedBy");--> statement-breakpoint
CREATE INDEX "crm_accounts_status_idx" ON "crm_Accounts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_accounts_type_idx" ON "crm_Accounts" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_accounts_created_at_idx" ON "crm_Accounts" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_accounts_name_fts_idx" ON "crm_Accounts" USING gin (to_tsvector('english', COALESCE("name", '')));--> statement-breakpoint
CREATE INDEX "crm_contacts_assigned_to_idx" ON "crm_Contacts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_contacts_created_by_idx" ON "crm_Contacts" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "crm_contacts_accounts_idx" ON "crm_Contacts" USING btree ("accountsIDs");--> statement-breakpoint
CREATE INDEX "crm_contacts_status_idx" ON "crm_Contacts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_contacts_type_idx" ON "crm_Contacts" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_contacts_created_at_idx" ON "crm_Contacts" USING btree ("cratedAt");--> statement-breakpoint
CREATE INDEX "crm_contacts_last_activity_idx" ON "crm_Contacts" USING btree ("last_activity");--> statement-breakpoint
CREATE INDEX "crm_contacts_name_fts_idx" ON "crm_Contacts" USING gin (to_tsvector('english', COALESCE("first_name", '') || ' ' || COALESCE("last_name", '')));--> statement-breakpoint
CREATE INDEX "crm_contacts_notes_gin_idx" ON "crm_Contacts" USING gin ("notes");--> statement-breakpoint
CREATE INDEX "crm_contracts_account_idx" ON "crm_Contracts" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_contracts_assigned_to_idx" ON "crm_Contracts" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_contracts_status_idx" ON "crm_Contracts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_contracts_start_date_idx" ON "crm_Contracts" USING btree ("startDate");--> statement-breakpoint
CREATE INDEX "crm_contracts_end_date_idx" ON "crm_Contracts" USING btree ("endDate");--> statement-breakpoint
CREATE INDEX "crm_contracts_created_at_idx" ON "crm_Contracts" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_contracts_date_range_idx" ON "crm_Contracts" USING btree ("startDate","endDate");--> statement-breakpoint
CREATE INDEX "crm_leads_assigned_to_idx" ON "crm_Leads" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_leads_accounts_idx" ON "crm_Leads" USING btree ("accountsIDs");--> statement-breakpoint
CREATE INDEX "crm_leads_status_idx" ON "crm_Leads" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_leads_type_idx" ON "crm_Leads" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_leads_created_at_idx" ON "crm_Leads" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_leads_name_fts_idx" ON "crm_Leads" USING gin (to_tsvector('english', COALESCE("firstName", '') || ' ' || COALESCE("lastName", '') || ' ' || COALESCE("company", '')));--> statement-breakpoint
CREATE INDEX "crm_opportunities_account_idx" ON "crm_Opportunities" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_opportunities_assigned_to_idx" ON "crm_Opportunities" USING btree ("assigned_to");--> statement-breakpoint
CREATE INDEX "crm_opportunities_campaign_idx" ON "crm_Opportunities" USING btree ("campaign");--> statement-breakpoint
CREATE INDEX "crm_opportunities_contact_idx" ON "crm_Opportunities" USING btree ("contact");--> statement-breakpoint
CREATE INDEX "crm_opportunities_created_by_idx" ON "crm_Opportunities" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "crm_opportunities_sales_stage_idx" ON "crm_Opportunities" USING btree ("sales_stage");--> statement-breakpoint
CREATE INDEX "crm_opportunities_type_idx" ON "crm_Opportunities" USING btree ("type");--> statement-breakpoint
CREATE INDEX "crm_opportunities_status_idx" ON "crm_Opportunities" USING btree ("status");--> statement-breakpoint
CREATE INDEX "crm_opportunities_created_at_idx" ON "crm_Opportunities" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_opportunities_close_date_idx" ON "crm_Opportunities" USING btree ("close_date");--> statement-breakpoint
CREATE INDEX "crm_opportunities_status_sales_stage_idx" ON "crm_Opportunities" USING btree ("status","sales_stage");--> statement-breakpoint
CREATE INDEX "crm_opportunities_name_fts_idx" ON "crm_Opportunities" USING gin (to_tsvector('english', COALESCE("name", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "boards_user_idx" ON "Boards" USING btree ("user");--> statement-breakpoint
CREATE INDEX "boards_favourite_idx" ON "Boards" USING btree ("favourite");--> statement-breakpoint
CREATE INDEX "boards_visibility_idx" ON "Boards" USING btree ("visibility");--> statement-breakpoint
CREATE INDEX "boards_created_at_idx" ON "Boards" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "boards_user_favourite_idx" ON "Boards" USING btree ("user","favourite");--> statement-breakpoint
CREATE INDEX "sections_board_idx" ON "Sections" USING btree ("board");--> statement-breakpoint
CREATE INDEX "tasks_user_idx" ON "Tasks" USING btree ("user");--> statement-breakpoint
CREATE INDEX "tasks_section_idx" ON "Tasks" USING btree ("section");--> statement-breakpoint
CREATE INDEX "tasks_priority_idx" ON "Tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "tasks_status_idx" ON "Tasks" USING btree ("taskStatus");--> statement-breakpoint
CREATE INDEX "tasks_due_date_idx" ON "Tasks" USING btree ("dueDateAt");--> statement-breakpoint
CREATE INDEX "tasks_created_at_idx" ON "Tasks" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "tasks_user_status_idx" ON "Tasks" USING btree ("user","taskStatus");--> statement-breakpoint
CREATE INDEX "tasks_title_fts_idx" ON "Tasks" USING gin (to_tsvector('english', COALESCE("title", '') || ' ' || COALESCE("content", '')));--> statement-breakpoint
CREATE INDEX "tasks_tags_gin_idx" ON "Tasks" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_user_idx" ON "crm_Accounts_Tasks" USING btree ("user");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_account_idx" ON "crm_Accounts_Tasks" USING btree ("account");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_priority_idx" ON "crm_Accounts_Tasks" USING btree ("priority");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_status_idx" ON "crm_Accounts_Tasks" USING btree ("taskStatus");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_due_date_idx" ON "crm_Accounts_Tasks" USING btree ("dueDateAt");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_created_at_idx" ON "crm_Accounts_Tasks" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_account_status_idx" ON "crm_Accounts_Tasks" USING btree ("account","taskStatus");--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_title_fts_idx" ON "crm_Accounts_Tasks" USING gin (to_tsvector('english', COALESCE("title", '') || ' ' || COALESCE("content", '')));--> statement-breakpoint
CREATE INDEX "crm_accounts_tasks_tags_gin_idx" ON "crm_Accounts_Tasks" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "tasks_comments_task_idx" ON "tasksComments" USING btree ("task");--> statement-breakpoint
CREATE INDEX "tasks_comments_user_idx" ON "tasksComments" USING btree ("user");--> statement-breakpoint
CREATE INDEX "tasks_comments_assigned_crm_account_task_idx" ON "tasksComments" USING btree ("assigned_crm_account_task");--> statement-breakpoint
CREATE INDEX "documents_created_by_user_idx" ON "Documents" USING btree ("created_by_user");--> statement-breakpoint
CREATE INDEX "documents_assigned_user_idx" ON "Documents" USING btree ("assigned_user");--> statement-breakpoint
CREATE INDEX "documents_document_type_idx" ON "Documents" USING btree ("document_type");--> statement-breakpoint
CREATE INDEX "documents_status_idx" ON "Documents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "documents_visibility_idx" ON "Documents" USING btree ("visibility");--> statement-breakpoint
CREATE INDEX "documents_favourite_idx" ON "Documents" USING btree ("favourite");--> statement-breakpoint
CREATE INDEX "documents_created_at_idx" ON "Documents" USING btree ("createdAt");--> statement-breakpoint
CREATE INDEX "documents_system_type_idx" ON "Documents" USING btree ("document_system_type");--> statement-breakpoint
CREATE INDEX "documents_name_fts_idx" ON "Documents" USING gin (to_tsvector('english', COALESCE("document_name", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "documents_tags_gin_idx" ON "Documents" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "invoices_state_idx" ON "Invoices" USING btree ("invoice_state_id");--> statement-breakpoint
CREATE INDEX "invoices_assigned_user_idx" ON "Invoices" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "invoices_assigned_account_idx" ON "Invoices" USING btree ("assigned_account_id");--> statement-breakpoint
CREATE INDEX "invoices_status_idx" ON "Invoices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invoices_type_idx" ON "Invoices" USING btree ("invoice_type");--> statement-breakpoint
CREATE INDEX "invoices_date_created_idx" ON "Invoices" USING btree ("date_created");--> statement-breakpoint
CREATE INDEX "invoices_date_due_idx" ON "Invoices" USING btree ("date_due");--> statement-breakpoint
CREATE INDEX "invoices_favourite_idx" ON "Invoices" USING btree ("favorite");--> statement-breakpoint
CREATE INDEX "invoices_status_date_idx" ON "Invoices" USING btree ("status","date_created");--> statement-breakpoint
CREATE INDEX "invoices_number_fts_idx" ON "Invoices" USING gin (to_tsvector('english', COALESCE("invoice_number", '') || ' ' || COALESCE("partner", '') || ' ' || COALESCE("description", '')));--> statement-breakpoint
CREATE INDEX "invoices_items_gin_idx" ON "Invoices" USING gin ("invoice_items");--> statement-breakpoint
CREATE INDEX "_account_watchers_account_idx" ON "_AccountWatchers" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "_account_watchers_user_idx" ON "_AccountWatchers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "_board_watchers_board_idx" ON "_BoardWatchers" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "_board_watchers_user_idx" ON "_BoardWatchers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "_contacts_to_opportunities_contact_idx" ON "_ContactsToOpportunities" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "_contacts_to_opportunities_opportunity_idx" ON "_ContactsToOpportunities" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "_documents_to_accounts_document_idx" ON "_DocumentsToAccounts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_accounts_account_idx" ON "_DocumentsToAccounts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "_documents_to_contacts_document_idx" ON "_DocumentsToContacts" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_contacts_contact_idx" ON "_DocumentsToContacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "_documents_to_crm_accounts_tasks_document_idx" ON "_DocumentsToCrmAccountsTasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_crm_accounts_tasks_crm_accounts_task_idx" ON "_DocumentsToCrmAccountsTasks" USING btree ("crm_accounts_task_id");--> statement-breakpoint
CREATE INDEX "_documents_to_invoices_document_idx" ON "_DocumentsToInvoices" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_invoices_invoice_idx" ON "_DocumentsToInvoices" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "_documents_to_leads_document_idx" ON "_DocumentsToLeads" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_leads_lead_idx" ON "_DocumentsToLeads" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "_documents_to_opportunities_document_idx" ON "_DocumentsToOpportunities" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_opportunities_opportunity_idx" ON "_DocumentsToOpportunities" USING btree ("opportunity_id");--> statement-breakpoint
CREATE INDEX "_documents_to_tasks_document_idx" ON "_DocumentsToTasks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "_documents_to_tasks_task_idx" ON "_DocumentsToTasks" USING btree ("task_id");