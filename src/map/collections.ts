// The collection map: for every NextCRM collection, where its fields go. Columns follow the
// naming rule (column = Mongo key) and are read from the Drizzle table; what this file declares
// is everything else: the arrays that became junctions, and the repairs no column implies.
// The migrator, the validator, the seed generator and the property tests all read this map.
import * as s from "../schema/index.js";
import { resolveCollection, resolveJunctions, via, type CollectionDecl } from "./declare.js";
import type { CollectionMapping, JunctionMapping, TodayRepair, Vocabulary } from "./types.js";

/**
 * NextCRM's migration that moves contact types and lead statuses and types into lookup tables: it
 * matches each value case-insensitively against these words and rolls back on any other.
 */
const SETTINGS_UPGRADE = "20260327000001_crm_settings_db_backed";
const checkedBy = (values: readonly string[]): Vocabulary => ({ values, upgrade: SETTINGS_UPGRADE });

// What today's NextCRM needs of values `0_init` accepts, and what fails without it
// (docs/ARCHITECTURE.md, "Today's NextCRM"; the facts in src/nextcrm/today.ts).
const nullTo = (value: string, breaks: string): TodayRepair => ({ kind: "nullToText", value, breaks });
const heldForUpgrade: TodayRepair = {
  kind: "heldForUpgrade",
  breaks: `NextCRM's upgrade: ${SETTINGS_UPGRADE} rolls back, and NextCRM cannot start`,
};
const noNullElements: TodayRepair = { kind: "nullElements", breaks: "Prisma's read of the record (a NULL inside a list)" };
/** NextCRM never leaves an opportunity's name empty; a name a user recognises as a placeholder. */
export const OPPORTUNITY_PLACEHOLDER = "Untitled opportunity";

const declarations: Record<string, CollectionDecl> = {
  Users: {
    table: s.Users,
    today: { name: nullTo("", "the contracts lists (the assignee's name) and /projects (the board owner's name)") },
    junctions: {
      watching_boardsIDs: via(s.BoardWatchers.user_id, s.BoardWatchers.board_id),
      watching_accountsIDs: via(s.AccountWatchers.user_id, s.AccountWatchers.account_id),
    },
  },
  MyAccount: { table: s.MyAccount },
  Employees: { table: s.Employees },
  ImageUpload: { table: s.ImageUpload },
  modulStatus: { table: s.modulStatus },
  system_Modules_Enabled: { table: s.system_Modules_Enabled },
  systemServices: { table: s.systemServices },
  secondBrain_notions: { table: s.secondBrain_notions },
  openAi_keys: { table: s.openAi_keys },
  gpt_models: { table: s.gpt_models },

  crm_Industry_Type: { table: s.crm_Industry_Type },
  crm_campaigns: { table: s.crm_campaigns },
  crm_Opportunities_Sales_Stages: { table: s.crm_Opportunities_Sales_Stages },
  crm_Opportunities_Type: { table: s.crm_Opportunities_Type },
  crm_Accounts: {
    table: s.crm_Accounts,
    vocabulary: { type: { values: s.crm_Contact_Type.enumValues }, status: { values: ["Active", "Inactive"] } },
    junctions: {
      documentsIDs: via(s.DocumentsToAccounts.account_id, s.DocumentsToAccounts.document_id),
      watchers: via(s.AccountWatchers.account_id, s.AccountWatchers.user_id),
    },
  },
  crm_Leads: {
    table: s.crm_Leads,
    vocabulary: { status: checkedBy(s.crm_Lead_Status.enumValues), type: checkedBy(s.crm_Lead_Type.enumValues) },
    today: { status: heldForUpgrade, type: heldForUpgrade },
    junctions: { documentsIDs: via(s.DocumentsToLeads.lead_id, s.DocumentsToLeads.document_id) },
  },
  crm_Contacts: {
    table: s.crm_Contacts,
    vocabulary: { type: checkedBy(s.crm_Contact_Type.enumValues) },
    today: {
      type: heldForUpgrade,
      first_name: nullTo("", "/crm/accounts and /crm (each account's contacts), and the contact and opportunity pages that list accounts"),
      tags: noNullElements,
      notes: noNullElements,
    },
    junctions: {
      opportunitiesIDs: via(s.ContactsToOpportunities.contact_id, s.ContactsToOpportunities.opportunity_id),
      documentsIDs: via(s.DocumentsToContacts.contact_id, s.DocumentsToContacts.document_id),
    },
  },
  crm_Opportunities: {
    table: s.crm_Opportunities,
    today: {
      name: nullTo(OPPORTUNITY_PLACEHOLDER, "/crm/opportunities, /crm, and the account and contact pages (every opportunities table)"),
      currency: {
        kind: "currencyCode",
        breaks: "NextCRM's upgrade 20260404150000 sets every currency but exactly EUR, USD or CZK to NULL",
      },
    },
    junctions: {
      connected_documents: via(s.DocumentsToOpportunities.opportunity_id, s.DocumentsToOpportunities.document_id),
      connected_contacts: via(s.ContactsToOpportunities.opportunity_id, s.ContactsToOpportunities.contact_id),
    },
  },
  crm_Contracts: { table: s.crm_Contracts },

  Boards: {
    table: s.Boards,
    // NULL was never "public", which NextCRM's read scope tests for: private keeps who sees the board.
    today: { visibility: nullTo("private", "/projects"), sharedWith: noNullElements },
    junctions: { watchers: via(s.BoardWatchers.board_id, s.BoardWatchers.user_id) },
  },
  Sections: {
    table: s.Sections,
    // The release requires the board, and real data holds sections whose board was deleted: they
    // and their tasks stay where the app shows them, under a stub board (src/map/stubs.ts).
    repairs: { board: [{ kind: "stub", table: "Boards" }] },
  },
  Tasks: {
    table: s.Tasks,
    today: { content: nullTo("", "/projects/tasks and /projects/tasks/[userId]") },
    junctions: { documentIDs: via(s.DocumentsToTasks.task_id, s.DocumentsToTasks.document_id) },
  },
  crm_Accounts_Tasks: { table: s.crm_Accounts_Tasks, today: { content: nullTo("", "the tasks table of an account's page") } },
  tasksComments: {
    table: s.tasksComments,
    // The app stored comments on CRM account tasks with the account task's id in `task`.
    repairs: { task: [{ kind: "redirect", when: "crm_Accounts_Tasks", to: "assigned_crm_account_task" }] },
    relaxed: { task: "holds crm_Accounts_Tasks ids, which the redirect repair moves out, leaving NULL" },
  },
  TodoList: { table: s.TodoList },

  Documents_Types: { table: s.Documents_Types },
  invoice_States: { table: s.invoice_States },
  Documents: {
    table: s.Documents,
    today: {
      document_system_type: {
        kind: "retiredEnumValue",
        from: "INVOICE",
        to: "OTHER",
        breaks: "/documents, the dashboard, search, task pages and every CRM documents tab (Prisma cannot read the value)",
      },
      connected_documents: noNullElements,
    },
    junctions: {
      invoiceIDs: via(s.DocumentsToInvoices.document_id, s.DocumentsToInvoices.invoice_id),
      opportunityIDs: via(s.DocumentsToOpportunities.document_id, s.DocumentsToOpportunities.opportunity_id),
      contactsIDs: via(s.DocumentsToContacts.document_id, s.DocumentsToContacts.contact_id),
      tasksIDs: via(s.DocumentsToTasks.document_id, s.DocumentsToTasks.task_id),
      crm_accounts_tasksIDs: via(s.DocumentsToCrmAccountsTasks.document_id, s.DocumentsToCrmAccountsTasks.crm_accounts_task_id),
      leadsIDs: via(s.DocumentsToLeads.document_id, s.DocumentsToLeads.lead_id),
      accountsIDs: via(s.DocumentsToAccounts.document_id, s.DocumentsToAccounts.account_id),
    },
  },
  Invoices: {
    table: s.Invoices,
    junctions: { connected_documents: via(s.DocumentsToInvoices.invoice_id, s.DocumentsToInvoices.document_id) },
  },
};

export const collections: readonly CollectionMapping[] = Object.entries(declarations).map(([name, decl]) => resolveCollection(name, decl));

export const junctions: readonly JunctionMapping[] = resolveJunctions([...collections]);

/** The tables that hold migrated data: the collections' and the junctions'. */
export const dataTables = [...collections.map((c) => c.table), ...junctions.map((j) => j.table)];

const byName = new Map(collections.map((c) => [c.collection, c]));

export function collectionNamed(name: string): CollectionMapping | undefined {
  return byName.get(name);
}
