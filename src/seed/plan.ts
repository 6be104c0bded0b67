// How many documents each collection gets, and the ObjectId of the i-th one: ids are computed,
// never looked up, so references can be wired while documents stream out in batches.
import { ObjectId } from "mongodb";
import { collections } from "../map/collections.js";
import { hash, hashString } from "./random.js";
import { initialData } from "./initialData.js";

/** Documents per collection as a share of --scale: many contacts, tasks and documents. */
const SHARE: Record<string, number> = {
  Users: 0.01,
  Employees: 0.002,
  secondBrain_notions: 0.001,
  openAi_keys: 0.001,
  ImageUpload: 0.002,
  TodoList: 0.01,
  crm_Accounts: 0.05,
  crm_Contacts: 0.2,
  crm_Leads: 0.08,
  crm_Opportunities: 0.08,
  crm_Contracts: 0.03,
  Boards: 0.005,
  Sections: 0.02,
  Tasks: 0.15,
  crm_Accounts_Tasks: 0.05,
  tasksComments: 0.12,
  Documents: 0.1,
  Invoices: 0.03,
};

/** Small lookup tables the app fills by hand, not from initial data. */
const FIXED: Record<string, number> = { MyAccount: 1, modulStatus: 4, systemServices: 3, invoice_States: 4, Documents_Types: 5 };

export type Plan = Map<string, number>;

export function makePlan(scale: number): Plan {
  const plan: Plan = new Map();
  for (const { collection } of collections) {
    const fixed = initialData[collection]?.length ?? FIXED[collection];
    plan.set(collection, fixed ?? Math.max(2, Math.round(scale * (SHARE[collection] ?? 0.001))));
  }
  return plan;
}

const EPOCH = Date.UTC(2019, 0, 1) / 1000;
const SPAN = 5 * 365 * 24 * 3600;

/**
 * The i-th ObjectId of a collection: its timestamp spreads the collection over five years in
 * order, the middle five bytes name (seed, collection), the counter is i. Unique for i < 2^24.
 */
export function objectIdFor(seed: number, collection: string, i: number, count: number): ObjectId {
  const buf = Buffer.alloc(12);
  buf.writeUInt32BE(EPOCH + Math.floor((i / Math.max(count, 1)) * SPAN), 0);
  const tag = hash(seed, hashString(collection));
  buf.writeUInt32BE(tag, 4);
  buf.writeUInt8(hash(tag, 7) & 0xff, 8);
  buf.writeUIntBE(i & 0xffffff, 9, 3);
  return new ObjectId(buf);
}
