// Users and the system/configuration models.
import { sql } from "drizzle-orm";
import { boolean, index, integer, text, uuid, pgTable } from "drizzle-orm/pg-core";
import { CURRENT_TIMESTAMP, fk, id, idx, ts, unique, version } from "./columns.js";
import { ActiveStatus, Language, gptStatus } from "./enums.js";

export const Users = pgTable(
  "Users",
  {
    id: id(),
    __v: version().default(0),
    account_name: text("account_name"),
    avatar: text("avatar"),
    email: text("email").notNull(),
    is_account_admin: boolean("is_account_admin").notNull().default(false),
    is_admin: boolean("is_admin").notNull().default(false),
    created_on: ts("created_on").notNull().default(CURRENT_TIMESTAMP),
    lastLoginAt: ts("lastLoginAt"),
    name: text("name"),
    password: text("password"),
    username: text("username"),
    userStatus: ActiveStatus("userStatus").notNull().default("PENDING"),
    userLanguage: Language("userLanguage").notNull().default("en"),
  },
  (t) => [
    idx(t.email),
    unique(t.email),
    idx(t.is_admin),
    idx(t.created_on),
    idx(t.userStatus),
    idx(t.lastLoginAt),
    idx(t.userLanguage),
    idx(t.is_account_admin),
    // The specification's own, which the release lacks (docs/ARCHITECTURE.md, "The target schema").
    index("users_active_idx").on(t.userStatus).where(sql`${t.userStatus} = 'ACTIVE'`),
  ],
);

export const MyAccount = pgTable("MyAccount", {
  id: id(),
  __v: version(),
  company_name: text("company_name").notNull(),
  is_person: boolean("is_person").notNull().default(false),
  email: text("email"),
  email_accountant: text("email_accountant"),
  phone_prefix: text("phone_prefix"),
  phone: text("phone"),
  mobile_prefix: text("mobile_prefix"),
  mobile: text("mobile"),
  fax_prefix: text("fax_prefix"),
  fax: text("fax"),
  website: text("website"),
  street: text("street"),
  city: text("city"),
  state: text("state"),
  zip: text("zip"),
  country: text("country"),
  country_code: text("country_code"),
  billing_street: text("billing_street"),
  billing_city: text("billing_city"),
  billing_state: text("billing_state"),
  billing_zip: text("billing_zip"),
  billing_country: text("billing_country"),
  billing_country_code: text("billing_country_code"),
  currency: text("currency"),
  currency_symbol: text("currency_symbol"),
  VAT_number: text("VAT_number").notNull(),
  TAX_number: text("TAX_number"),
  bank_name: text("bank_name"),
  bank_account: text("bank_account"),
  bank_code: text("bank_code"),
  bank_IBAN: text("bank_IBAN"),
  bank_SWIFT: text("bank_SWIFT"),
});

export const Employees = pgTable("Employees", {
  id: id(),
  __v: version(),
  avatar: text("avatar").notNull(),
  email: text("email"),
  name: text("name").notNull(),
  salary: integer("salary").notNull(),
  status: text("status").notNull(),
});

export const ImageUpload = pgTable("ImageUpload", {
  id: id(),
});

export const modulStatus = pgTable("modulStatus", {
  id: id(),
  name: text("name").notNull(),
  isVisible: boolean("isVisible").notNull(),
});

export const system_Modules_Enabled = pgTable("system_Modules_Enabled", {
  id: id(),
  __v: version(),
  name: text("name").notNull(),
  enabled: boolean("enabled").notNull(),
  position: integer("position").notNull(),
});

export const systemServices = pgTable("systemServices", {
  id: id(),
  __v: version(),
  name: text("name").notNull(),
  serviceUrl: text("serviceUrl"),
  serviceId: text("serviceId"),
  serviceKey: text("serviceKey"),
  servicePassword: text("servicePassword"),
  servicePort: text("servicePort"),
  description: text("description"),
});

export const secondBrain_notions = pgTable(
  "secondBrain_notions",
  {
    id: id(),
    __v: version(),
    user: uuid("user").notNull(),
    notion_api_key: text("notion_api_key").notNull(),
    notion_db_id: text("notion_db_id").notNull(),
  },
  (t) => [fk(t.user, Users.id, "restrict"), idx(t.user)],
);

export const openAi_keys = pgTable(
  "openAi_keys",
  {
    id: id(),
    __v: version(),
    user: uuid("user").notNull(),
    organization_id: text("organization_id").notNull(),
    api_key: text("api_key").notNull(),
  },
  (t) => [fk(t.user, Users.id, "restrict"), idx(t.user)],
);

export const gpt_models = pgTable("gpt_models", {
  id: id(),
  __v: version(),
  model: text("model").notNull(),
  description: text("description"),
  status: gptStatus("status"),
  created_on: ts("created_on").default(CURRENT_TIMESTAMP),
});
