// `seed` writes a plausible, deterministic NextCRM database into a real FerretDB.
import { createHash } from "node:crypto";
import { BSON, MongoClient } from "mongodb";
import { describe, expect, it } from "vitest";
import { collections } from "../../src/map/collections.js";
import { runCli } from "../helpers/cli.js";
import { freshMongo } from "../helpers/databases.js";

/** NextCRM's crm_Contact_Type, the words of contact and account types. */
const CONTACT_TYPES = ["Customer", "Partner", "Vendor", "Prospect"];

async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new MongoClient(url);
  try {
    const out: Record<string, string> = {};
    for (const name of (await client.db().listCollections().toArray()).map((c) => c.name).sort()) {
      const h = createHash("sha256");
      for await (const doc of client.db().collection(name).find().sort({ _id: 1 })) h.update(BSON.serialize(doc));
      out[name] = h.digest("hex");
    }
    return out;
  } finally {
    await client.close();
  }
}

async function counts(url: string): Promise<Record<string, number>> {
  const client = new MongoClient(url);
  try {
    const out: Record<string, number> = {};
    for (const { collection } of collections) out[collection] = await client.db().collection(collection).countDocuments();
    return out;
  } finally {
    await client.close();
  }
}

describe("seed", () => {
  it("writes all 29 collections in a real CRM's proportions, the same for the same seed", async () => {
    const a = freshMongo();
    const b = freshMongo();
    const first = await runCli(["seed", "--scale", "5000", "--seed", "7", "--mongo", a]);
    expect(first.code, first.stderr).toBe(0);
    expect((await runCli(["seed", "--scale", "5000", "--seed", "7", "--mongo", b])).code).toBe(0);

    const n = await counts(a);
    expect(Object.keys(n)).toHaveLength(29);
    for (const [name, count] of Object.entries(n)) expect(count, name).toBeGreaterThan(0);
    const total = Object.values(n).reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThan(4500);
    expect(total).toBeLessThan(5500);
    expect(n.crm_Contacts).toBeGreaterThan(n.crm_Accounts! * 2);
    expect(n.Tasks).toBeGreaterThan(n.Boards! * 10);
    expect(n.crm_Industry_Type).toBe(3); // NextCRM's initial data
    expect(n.MyAccount).toBe(1);

    expect(await fingerprint(a)).toEqual(await fingerprint(b));
  });

  it("wires references like the app and mixes in the real-world quirks", async () => {
    const url = freshMongo();
    expect((await runCli(["seed", "--scale", "5000", "--mongo", url])).code).toBe(0);
    const client = new MongoClient(url);
    const db = client.db();
    try {
      // Both sides of a many-to-many hold arrays, and they mostly agree.
      const doc = await db.collection("Documents").findOne({ "accountsIDs.0": { $exists: true } });
      const accountId = doc!.accountsIDs[0];
      const account = await db.collection("crm_Accounts").findOne({ _id: accountId });
      expect(account?.documentsIDs.map(String)).toContain(String(doc!._id));

      const quirks = {
        versionMissing: await db.collection("crm_Contacts").countDocuments({ __v: { $exists: false } }),
        versionDouble: await db.collection("crm_Contacts").countDocuments({ __v: { $type: "double" } }),
        idAsString: await db.collection("crm_Contacts").countDocuments({ assigned_to: { $type: "string", $ne: "" } }),
        emptyId: await db.collection("crm_Contacts").countDocuments({ assigned_to: "" }),
        commentOnAccountTask: await db
          .collection("tasksComments")
          .countDocuments({ task: { $in: await db.collection("crm_Accounts_Tasks").distinct("_id") } }),
        unknownField: (
          await db
            .collection("crm_Contacts")
            .find({
              $or: [
                { legacy_note: { $exists: true } },
                { legacy_flag: { $exists: true } },
                { legacy_ref: { $exists: true } },
                { legacy_score: { $exists: true } },
              ],
            })
            .toArray()
        ).length,
        orphanSection: await db.collection("Sections").countDocuments({ board: { $nin: await db.collection("Boards").distinct("_id") } }),
        offVocabulary: await db.collection("crm_Contacts").countDocuments({ type: { $nin: [...CONTACT_TYPES, null] } }),
      };
      for (const [name, count] of Object.entries(quirks)) expect(count, name).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("writes no quirks with --clean-data", async () => {
    const url = freshMongo();
    expect((await runCli(["seed", "--scale", "3000", "--clean-data", "--mongo", url])).code).toBe(0);
    const client = new MongoClient(url);
    try {
      const db = client.db();
      expect(await db.collection("crm_Contacts").countDocuments({ __v: { $exists: false } })).toBe(0);
      expect(await db.collection("crm_Contacts").countDocuments({ assigned_to: { $type: "string" } })).toBe(0);
      // NextCRM's words only, where its app and its upgrade expect them (crm_Contact_Type, crm_Lead_*).
      const words = async (collection: string, field: string) =>
        (await db.collection(collection).distinct(field)).filter((v) => v !== null).sort();
      expect(await words("crm_Contacts", "type")).toEqual([...CONTACT_TYPES].sort());
      expect(await words("crm_Accounts", "type")).toEqual([...CONTACT_TYPES].sort());
      expect(await words("crm_Accounts", "status")).toEqual(["Active", "Inactive"]);
      expect(await words("crm_Leads", "status")).toEqual(["CONTACTED", "LOST", "NEW", "QUALIFIED"]);
      expect(await words("crm_Leads", "type")).toEqual(["DEMO"]);
    } finally {
      await client.close();
    }
  });

  it("refuses a database that already has collections unless told --drop", async () => {
    const url = freshMongo();
    expect((await runCli(["seed", "--scale", "500", "--mongo", url])).code).toBe(0);
    const again = await runCli(["seed", "--scale", "500", "--mongo", url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error \[USAGE\]: .*pass --drop/m);
    expect((await runCli(["seed", "--scale", "500", "--drop", "--mongo", url])).code).toBe(0);
  });
});
