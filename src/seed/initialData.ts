// The lookup rows NextCRM seeds on install (copied from NextCRM's initial data).
import { readFileSync } from "node:fs";

const names: Record<string, string> = {
  crm_Industry_Type: "crm_Industry_Type.json",
  crm_Opportunities_Sales_Stages: "crm_Opportunities_Sales_Stages.json",
  crm_Opportunities_Type: "crm_Opportunities_Type.json",
  crm_campaigns: "crm_campaigns.json",
  gpt_models: "gpt_Models.json",
  system_Modules_Enabled: "system_Modules_Enabled.json",
};

/** Rows by collection, with Prisma's `v` renamed to the stored key `__v`. */
export const initialData: Record<string, Record<string, unknown>[]> = Object.fromEntries(
  Object.entries(names).map(([collection, file]) => {
    // From the package root, so the compiled copy in dist/seed/ finds the same files.
    const rows = JSON.parse(readFileSync(new URL(`../../src/seed/initial-data/${file}`, import.meta.url), "utf8")) as Record<
      string,
      unknown
    >[];
    return [collection, rows.map(({ v, ...rest }) => (v === undefined ? rest : { __v: v, ...rest }))];
  }),
);
