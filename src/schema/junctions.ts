// The ten many-to-many relations that MongoDB kept as ObjectId arrays on one or both sides, as
// NextCRM's release names them (docs/ARCHITECTURE.md, "The target schema").
import { pgTable, primaryKey, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { fk, idx } from "./columns.js";
import { crm_Accounts, crm_Contacts, crm_Leads, crm_Opportunities } from "./crm.js";
import { Documents, Invoices } from "./documents.js";
import { Boards, crm_Accounts_Tasks, Tasks } from "./projects.js";
import { Users } from "./system.js";

/** Composite primary key `<Name>_pkey`; on each side an index and a foreign key that cascades. */
function junction<A extends string, B extends string>(
  name: string,
  [a, aTarget]: [A, () => AnyPgColumn],
  [b, bTarget]: [B, () => AnyPgColumn],
) {
  const end = (name: string) => uuid(name).notNull();
  const columns = { [a]: end(a), [b]: end(b) } as Record<A | B, ReturnType<typeof end>>;
  return pgTable(name, columns, (t) => [
    primaryKey({ name: `${name}_pkey`, columns: [t[a], t[b]] }),
    fk(t[a], aTarget(), "cascade"),
    fk(t[b], bTarget(), "cascade"),
    idx(t[a]),
    idx(t[b]),
  ]);
}

export const DocumentsToInvoices = junction("DocumentsToInvoices", ["document_id", () => Documents.id], ["invoice_id", () => Invoices.id]);
export const DocumentsToOpportunities = junction(
  "DocumentsToOpportunities",
  ["document_id", () => Documents.id],
  ["opportunity_id", () => crm_Opportunities.id],
);
export const DocumentsToContacts = junction(
  "DocumentsToContacts",
  ["document_id", () => Documents.id],
  ["contact_id", () => crm_Contacts.id],
);
export const DocumentsToTasks = junction("DocumentsToTasks", ["document_id", () => Documents.id], ["task_id", () => Tasks.id]);
export const DocumentsToCrmAccountsTasks = junction(
  "DocumentsToCrmAccountsTasks",
  ["document_id", () => Documents.id],
  ["crm_accounts_task_id", () => crm_Accounts_Tasks.id],
);
export const DocumentsToLeads = junction("DocumentsToLeads", ["document_id", () => Documents.id], ["lead_id", () => crm_Leads.id]);
export const DocumentsToAccounts = junction(
  "DocumentsToAccounts",
  ["document_id", () => Documents.id],
  ["account_id", () => crm_Accounts.id],
);
export const AccountWatchers = junction("AccountWatchers", ["account_id", () => crm_Accounts.id], ["user_id", () => Users.id]);
export const BoardWatchers = junction("BoardWatchers", ["board_id", () => Boards.id], ["user_id", () => Users.id]);
export const ContactsToOpportunities = junction(
  "ContactsToOpportunities",
  ["contact_id", () => crm_Contacts.id],
  ["opportunity_id", () => crm_Opportunities.id],
);
