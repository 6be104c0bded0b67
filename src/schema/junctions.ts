// The ten many-to-many relations that MongoDB kept as ObjectId arrays on one or both sides.
import { index, pgTable, primaryKey, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { crm_Accounts, crm_Contacts, crm_Leads, crm_Opportunities } from "./crm.js";
import { Documents, Invoices } from "./documents.js";
import { Boards, crm_Accounts_Tasks, Tasks } from "./projects.js";
import { Users } from "./system.js";

const end = (name: string, target: () => AnyPgColumn) =>
  uuid(name).notNull().references(target, { onDelete: "cascade" });

/** `_DocumentsToInvoices` → `_documents_to_invoices`, the prefix of the spec's index names. */
const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

/** Composite primary key and an index on each side, named as the spec names them. */
function junction<A extends string, B extends string>(
  name: string,
  [a, aTarget]: [A, () => AnyPgColumn],
  [b, bTarget]: [B, () => AnyPgColumn],
) {
  const prefix = snake(name);
  const columns = { [a]: end(a, aTarget), [b]: end(b, bTarget) } as Record<A | B, ReturnType<typeof end>>;
  return pgTable(name, columns, (t) => [
    primaryKey({ name: `${prefix}_pkey`, columns: [t[a], t[b]] }),
    index(`${prefix}_${a.replace(/_id$/, "")}_idx`).on(t[a]),
    index(`${prefix}_${b.replace(/_id$/, "")}_idx`).on(t[b]),
  ]);
}

export const _DocumentsToInvoices = junction(
  "_DocumentsToInvoices",
  ["document_id", () => Documents.id],
  ["invoice_id", () => Invoices.id],
);
export const _DocumentsToOpportunities = junction(
  "_DocumentsToOpportunities",
  ["document_id", () => Documents.id],
  ["opportunity_id", () => crm_Opportunities.id],
);
export const _DocumentsToContacts = junction(
  "_DocumentsToContacts",
  ["document_id", () => Documents.id],
  ["contact_id", () => crm_Contacts.id],
);
export const _DocumentsToTasks = junction(
  "_DocumentsToTasks",
  ["document_id", () => Documents.id],
  ["task_id", () => Tasks.id],
);
export const _DocumentsToCrmAccountsTasks = junction(
  "_DocumentsToCrmAccountsTasks",
  ["document_id", () => Documents.id],
  ["crm_accounts_task_id", () => crm_Accounts_Tasks.id],
);
export const _DocumentsToLeads = junction(
  "_DocumentsToLeads",
  ["document_id", () => Documents.id],
  ["lead_id", () => crm_Leads.id],
);
export const _DocumentsToAccounts = junction(
  "_DocumentsToAccounts",
  ["document_id", () => Documents.id],
  ["account_id", () => crm_Accounts.id],
);
export const _AccountWatchers = junction(
  "_AccountWatchers",
  ["account_id", () => crm_Accounts.id],
  ["user_id", () => Users.id],
);
export const _BoardWatchers = junction(
  "_BoardWatchers",
  ["board_id", () => Boards.id],
  ["user_id", () => Users.id],
);
export const _ContactsToOpportunities = junction(
  "_ContactsToOpportunities",
  ["contact_id", () => crm_Contacts.id],
  ["opportunity_id", () => crm_Opportunities.id],
);
