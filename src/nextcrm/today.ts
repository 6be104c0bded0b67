// Today's NextCRM, as data: what its upgrade from `0_init` (`prisma migrate deploy`) does to the
// migrated data, and what its pages and forms demand of it. The release and commit are the ones
// these facts were read from (docs/ARCHITECTURE.md, "Today's NextCRM"). The collection map's
// compatibility repairs, the keep phase, the readiness report and `after-upgrade` all read them.

export const TODAY = { release: "0.21.2", commit: "73ccc2f3" } as const;

/** A table NextCRM's upgrade drops with its rows. */
export interface DroppedTable {
  table: string;
  migration: string;
  /** What became of it, for a user. */
  note: string;
}

export const DROPPED_TABLES: readonly DroppedTable[] = [
  { table: "openAi_keys", migration: "20260323000001_add_api_keys", note: "replaced by an empty ApiKeys table; no key is copied" },
  {
    table: "system_Modules_Enabled",
    migration: "20260325000001_drop_system_modules_enabled",
    note: "dropped; modules are no longer switched in the database",
  },
  {
    table: "Invoices",
    migration: "20260415164939_invoices_module",
    note: "dropped with CASCADE and made again, empty, in another shape (NextCRM's new invoice module)",
  },
  { table: "gpt_models", migration: "20260406120000_cleanup_dead_models_and_bigint", note: "dropped" },
  { table: "modulStatus", migration: "20260406120000_cleanup_dead_models_and_bigint", note: "dropped" },
];

/** Columns NextCRM's upgrade drops, or whose values it overwrites or nulls. */
export interface LostColumns {
  table: string;
  columns: readonly string[];
  /** Keep every row, not only those with a value in `columns` (Users: a plain user's flags are its role). */
  everyRow?: boolean;
  migration: string;
  note: string;
}

export const LOST_COLUMNS: readonly LostColumns[] = [
  {
    table: "Users",
    columns: ["is_admin", "is_account_admin"],
    everyRow: true,
    migration: "20260504120100_authz_phase_f_drop_legacy_admin_flags",
    note: "dropped after 20260501165804 made every user a manager and cleared is_admin; after-upgrade sets the roles from them",
  },
  {
    table: "crm_Leads",
    columns: ["lead_source", "status", "type"],
    migration: "20260327000001_crm_settings_db_backed",
    note: "status and type become lookup ids; lead_source is dropped without a backfill (after-upgrade restores it as a lead source)",
  },
  {
    table: "crm_Contacts",
    columns: ["type", "created_by", "createdBy"],
    migration: "20260327000001_crm_settings_db_backed, 20260505120000_authz_phase_f1_drop_legacy_created_by",
    note: "type becomes a lookup id; created_by is merged into createdBy only where that is empty, then dropped; createdBy naming a missing user is nulled",
  },
  {
    table: "crm_Opportunities",
    columns: ["currency", "created_by", "createdBy"],
    migration: "20260404150000_add_currency_support, 20260505120000_authz_phase_f1_drop_legacy_created_by",
    note: "a currency other than EUR, USD or CZK is nulled (after-upgrade restores 3-letter codes); created_by as for contacts",
  },
];

/**
 * Where NextCRM's settings migration moves each field the collection map holds back for it
 * (`heldForUpgrade`): the id column that replaces the field, and the lookup table it points at.
 */
export const SETTINGS_LOOKUPS: readonly { what: string; table: string; field: string; column: string; lookup: string }[] = [
  { what: "contact types", table: "crm_Contacts", field: "type", column: "contact_type_id", lookup: "crm_Contact_Types" },
  { what: "lead statuses", table: "crm_Leads", field: "status", column: "lead_status_id", lookup: "crm_Lead_Statuses" },
  { what: "lead types", table: "crm_Leads", field: "type", column: "lead_type_id", lookup: "crm_Lead_Types" },
];

/** The currencies NextCRM's upgrade seeds; any other opportunity currency it sets to NULL. */
export const SEEDED_CURRENCIES = ["EUR", "USD", "CZK"] as const;

/** Roles as NextCRM's own MongoDB transformer gives them today. */
export function intendedRole(flags: { is_admin?: unknown; is_account_admin?: unknown }): "admin" | "manager" | "user" {
  if (flags.is_admin === true) return "admin";
  if (flags.is_account_admin === true) return "manager";
  return "user";
}

/** What NextCRM's upgrade chain leaves every migrated user as (member, then mapped to manager). */
export const ROLE_AFTER_UPGRADE = "manager";

/**
 * Maximum lengths today's edit forms enforce: the pages show a longer value, but saving the record
 * through its form fails until the user shortens it. Counted for the user, never truncated.
 */
export const FORM_LIMITS: readonly (readonly [table: string, column: string, maxLength: number])[] = [
  ["crm_Contracts", "title", 255],
  ["crm_Contracts", "description", 255],
  ["crm_Accounts", "name", 100],
  ["crm_Accounts", "office_phone", 50],
  ["crm_Accounts", "fax", 50],
  ["crm_Accounts", "company_id", 20],
  ["crm_Accounts", "vat", 20],
  ["crm_Accounts", "billing_street", 100],
  ["crm_Accounts", "billing_postal_code", 20],
  ["crm_Accounts", "billing_city", 100],
  ["crm_Accounts", "billing_state", 100],
  ["crm_Accounts", "billing_country", 100],
  ["crm_Accounts", "shipping_street", 100],
  ["crm_Accounts", "shipping_postal_code", 20],
  ["crm_Accounts", "shipping_city", 100],
  ["crm_Accounts", "shipping_state", 100],
  ["crm_Accounts", "shipping_country", 100],
  ["crm_Accounts", "description", 1000],
  ["crm_Accounts", "member_of", 100],
  ["crm_Leads", "lastName", 30],
  ["crm_Leads", "phone", 15],
  ["Users", "name", 50],
  ["Users", "username", 50],
  ["Users", "account_name", 50],
  ["Tasks", "title", 255],
  ["Tasks", "priority", 10],
  ["Tasks", "content", 500],
  ["Boards", "title", 255],
  ["Boards", "description", 500],
  ["Boards", "visibility", 255],
];

/** NextCRM's own bugs that no migrated data avoids, in a user's words. */
export const NEXTCRM_BUGS = [
  "a contact's page fails for a contact linked to any opportunity (opportunity amounts are passed unconverted); NextCRM's own contacts fail alike",
  "NextCRM's MCP tools can write an empty board visibility or task content, which breaks /projects and /projects/tasks again",
  "NextCRM itself writes NULL contact first names (converting a target, the MCP tools), which breaks the accounts lists again",
] as const;

/** Rows NextCRM's upgrade hides (soft-deletes) by their status. */
export const HIDDEN_BY_STATUS: readonly { table: string; column: string; value: string }[] = [
  { table: "crm_Accounts", column: "status", value: "DELETED" },
  { table: "Documents", column: "status", value: "DELETED" },
  { table: "crm_campaigns", column: "status", value: "deleted" },
];

/** Users today's NextCRM sends away at sign-in. */
export const LOCKED_OUT_STATUSES = ["PENDING", "INACTIVE"] as const;
