// The ten enums of NextCRM's Prisma schema, values in declaration order.
import { pgEnum } from "drizzle-orm/pg-core";

export const crm_Lead_Status = pgEnum("crm_Lead_Status", ["NEW", "CONTACTED", "QUALIFIED", "LOST"]);
export const crm_Lead_Type = pgEnum("crm_Lead_Type", ["DEMO"]);
export const crm_Opportunity_Status = pgEnum("crm_Opportunity_Status", ["ACTIVE", "INACTIVE", "PENDING", "CLOSED"]);
export const crm_Contact_Type = pgEnum("crm_Contact_Type", ["Customer", "Partner", "Vendor", "Prospect"]);
export const crm_Contracts_Status = pgEnum("crm_Contracts_Status", ["NOTSTARTED", "INPROGRESS", "SIGNED"]);
export const DocumentSystemType = pgEnum("DocumentSystemType", ["INVOICE", "RECEIPT", "CONTRACT", "OFFER", "OTHER"]);
export const taskStatus = pgEnum("taskStatus", ["ACTIVE", "PENDING", "COMPLETE"]);
export const ActiveStatus = pgEnum("ActiveStatus", ["ACTIVE", "INACTIVE", "PENDING"]);
export const Language = pgEnum("Language", ["cz", "en", "de", "uk"]);
export const gptStatus = pgEnum("gptStatus", ["ACTIVE", "INACTIVE"]);
