// The collection map: for every NextCRM collection, where its fields go. Columns follow the
// naming rule (column = Mongo key) and are read from the Drizzle table; what this file declares
// is everything else: the arrays that became junctions, and the repairs no column implies.
// The migrator, the validator, the seed generator and the property tests all read this map.
import * as s from "../schema/index.js";
import { resolveCollection, resolveJunctions, via, type CollectionDecl } from "./declare.js";
import type { CollectionMapping, JunctionMapping } from "./types.js";

const declarations: Record<string, CollectionDecl> = {
  Users: {
    table: s.Users,
    junctions: {
      watching_boardsIDs: via(s._BoardWatchers.user_id, s._BoardWatchers.board_id),
      watching_accountsIDs: via(s._AccountWatchers.user_id, s._AccountWatchers.account_id),
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
    junctions: {
      documentsIDs: via(s._DocumentsToAccounts.account_id, s._DocumentsToAccounts.document_id),
      watchers: via(s._AccountWatchers.account_id, s._AccountWatchers.user_id),
    },
  },
  crm_Leads: {
    table: s.crm_Leads,
    junctions: { documentsIDs: via(s._DocumentsToLeads.lead_id, s._DocumentsToLeads.document_id) },
  },
  crm_Contacts: {
    table: s.crm_Contacts,
    junctions: {
      opportunitiesIDs: via(s._ContactsToOpportunities.contact_id, s._ContactsToOpportunities.opportunity_id),
      documentsIDs: via(s._DocumentsToContacts.contact_id, s._DocumentsToContacts.document_id),
    },
  },
  crm_Opportunities: {
    table: s.crm_Opportunities,
    junctions: {
      connected_documents: via(s._DocumentsToOpportunities.opportunity_id, s._DocumentsToOpportunities.document_id),
      connected_contacts: via(s._ContactsToOpportunities.opportunity_id, s._ContactsToOpportunities.contact_id),
    },
  },
  crm_Contracts: { table: s.crm_Contracts },

  Boards: {
    table: s.Boards,
    junctions: { watchers: via(s._BoardWatchers.board_id, s._BoardWatchers.user_id) },
  },
  Sections: {
    table: s.Sections,
    relaxed: { board: "no relation in Prisma and orphans in real data: an orphan keeps its tasks, the board id goes to _migration_unmapped" },
  },
  Tasks: {
    table: s.Tasks,
    junctions: { documentIDs: via(s._DocumentsToTasks.task_id, s._DocumentsToTasks.document_id) },
  },
  crm_Accounts_Tasks: { table: s.crm_Accounts_Tasks },
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
    junctions: {
      invoiceIDs: via(s._DocumentsToInvoices.document_id, s._DocumentsToInvoices.invoice_id),
      opportunityIDs: via(s._DocumentsToOpportunities.document_id, s._DocumentsToOpportunities.opportunity_id),
      contactsIDs: via(s._DocumentsToContacts.document_id, s._DocumentsToContacts.contact_id),
      tasksIDs: via(s._DocumentsToTasks.document_id, s._DocumentsToTasks.task_id),
      crm_accounts_tasksIDs: via(s._DocumentsToCrmAccountsTasks.document_id, s._DocumentsToCrmAccountsTasks.crm_accounts_task_id),
      leadsIDs: via(s._DocumentsToLeads.document_id, s._DocumentsToLeads.lead_id),
      accountsIDs: via(s._DocumentsToAccounts.document_id, s._DocumentsToAccounts.account_id),
    },
  },
  Invoices: {
    table: s.Invoices,
    junctions: { connected_documents: via(s._DocumentsToInvoices.invoice_id, s._DocumentsToInvoices.document_id) },
  },
};

export const collections: readonly CollectionMapping[] = Object.entries(declarations).map(([name, decl]) =>
  resolveCollection(name, decl),
);

export const junctions: readonly JunctionMapping[] = resolveJunctions([...collections]);

const byName = new Map(collections.map((c) => [c.collection, c]));

export function collectionNamed(name: string): CollectionMapping | undefined {
  return byName.get(name);
}
