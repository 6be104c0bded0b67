// Reruns bring the target in line with an edited source; a bad document costs only itself;
// a corrupt or foreign checkpoint stops the run before any write.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId } from "mongodb";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { collections } from "../../src/map/collections.js";
import { runCli, workdir } from "../helpers/cli.js";
import { freshMongo, freshTarget, seedInto } from "../helpers/databases.js";
import { fixAtSource } from "../../src/seed/fix.js";
import { rowCounts, tableHashes } from "../helpers/snapshots.js";

async function setup(scale: number) {
  const mongo = freshMongo();
  await seedInto(mongo, { scale, seed: 11, drop: true, quirks: false });
  const pg = await freshTarget();
  const cwd = workdir();
  const migrate = (...args: string[]) => runCli(["migrate", "--mongo", mongo, "--postgres", pg, ...args], {}, cwd);
  return { mongo, pg, cwd, migrate };
}

describe("migrate after the source changed", () => {
  it("updates edited documents, inserts new ones and removes vanished junction pairs", async () => {
    const { mongo, pg, migrate } = await setup(1500);
    expect((await migrate()).code).toBe(0);

    const client = new MongoClient(mongo);
    const db = client.db();
    const account = (await db.collection("crm_Accounts").findOne({ "documentsIDs.0": { $exists: true } }))!;
    const removed: ObjectId = account.documentsIDs[0];
    await db
      .collection("crm_Accounts")
      .updateOne({ _id: account._id }, { $set: { name: "Renamed Ltd" }, $pull: { documentsIDs: removed } as never });
    // The other side holds the pair too; remove it there as the app would.
    await db.collection("Documents").updateOne({ _id: removed }, { $pull: { accountsIDs: account._id } as never });
    const added = new ObjectId();
    await db.collection("crm_Industry_Type").insertOne({ _id: added, __v: 0, name: "Aerospace" });
    await client.close();

    expect((await migrate()).code).toBe(0);
    const sql = postgres(pg, { max: 1 });
    const [row] = await sql`select name from "crm_Accounts" where id = ${uuidFor(account._id)}`;
    expect(row!.name).toBe("Renamed Ltd");
    const [ind] = await sql`select name from "crm_Industry_Type" where id = ${uuidFor(added)}`;
    expect(ind!.name).toBe("Aerospace");
    const pair =
      await sql`select 1 from "DocumentsToAccounts" where document_id = ${uuidFor(removed)} and account_id = ${uuidFor(account._id)}`;
    expect(pair).toHaveLength(0);
    await sql.end();
  });
});

describe("a stub board after the source changed", () => {
  it("follows the owner rule when the administrators change, and goes when no section needs it", async () => {
    const { mongo, pg, migrate } = await setup(1500);
    const client = new MongoClient(mongo);
    const db = client.db();
    const boards = await db.collection("Boards").find().sort({ _id: 1 }).limit(2).toArray();
    const section = (await db.collection("Sections").findOne({ board: boards[0]!._id }))!;
    const gone = new ObjectId();
    await db.collection("Sections").updateOne({ _id: section._id }, { $set: { board: gone } });
    const users = await db.collection("Users").find().sort({ created_on: 1, _id: 1 }).toArray();
    await db.collection("Users").updateMany({}, { $set: { is_admin: false } });
    await db.collection("Users").updateOne({ _id: users[5]!._id }, { $set: { is_admin: true } });
    expect((await migrate()).code).toBe(0);

    const sql = postgres(pg, { max: 1 });
    const owner = async () => (await sql`select "user" from "Boards" where id = ${uuidFor(gone)}`)[0]?.user;
    expect(await owner()).toBe(uuidFor(users[5]!._id));
    // Another administrator who joined earlier: the rule now names them, as a fresh run would.
    await db.collection("Users").updateOne({ _id: users[2]!._id }, { $set: { is_admin: true } });
    expect((await migrate()).code).toBe(0);
    expect(await owner()).toBe(uuidFor(users[2]!._id));
    // The section moves to a board that exists: nothing needs the stub any more.
    await db.collection("Sections").updateOne({ _id: section._id }, { $set: { board: boards[1]!._id } });
    expect((await migrate()).code).toBe(0);
    expect(await owner()).toBeUndefined();
    expect(await sql`select 1 from nextcrm_migrate.unmapped where table_name = 'Boards' and id = ${uuidFor(gone)}`).toHaveLength(0);
    await sql.end();
    await client.close();
    expect((await runCli(["validate", "--full", "--mongo", mongo, "--postgres", pg], {}, workdir())).code).toBe(0);
  });
});

describe("a batch holding bad documents", () => {
  it("commits the rest of the batch and logs each bad one with its id, message, stack and redacted document", async () => {
    const { mongo, pg, cwd, migrate } = await setup(1000);
    const client = new MongoClient(mongo);
    const users = client.db().collection("Users");
    const existing = (await users.find().sort({ _id: 1 }).limit(3).toArray())!;
    // A fraction in an integer column fails in the transform; a duplicate email fails in
    // PostgreSQL (unique index), so the batch must be split to find it.
    const badType = new ObjectId();
    const dupEmail = new ObjectId();
    await client
      .db()
      .collection("Employees")
      .insertOne({ _id: badType, __v: 0, avatar: "a", name: "N", salary: 1.5, status: "x", password: "Canary-Secret-1" } as never);
    await users.insertOne({ ...existing[1], _id: dupEmail, password: "Canary-Secret-2" });
    await client.close();

    const r = await migrate("--batch-size", "1000");
    expect(r.code).toBe(1);
    const counts = await rowCounts(pg);
    const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    expect(report.failed.map((f: { mongoId: string }) => f.mongoId).sort()).toEqual([badType.toHexString(), dupEmail.toHexString()].sort());
    expect(counts.Users).toBe(report.tables.Users.read - 1);
    expect(counts.Employees).toBe(report.tables.Employees.read - 1);

    const log = readFileSync(join(cwd, "migration-errors.log"), "utf8");
    expect(log).toContain(`MongoDB ObjectId: ${badType.toHexString()}`);
    expect(log).toContain("salary: 1.5 has a fraction");
    expect(log).toContain(`MongoDB ObjectId: ${dupEmail.toHexString()}`);
    expect(log).toMatch(/Users_email_key/);
    expect(log).toMatch(/Stack: \w*Error/);
    expect(log).not.toContain("Canary-Secret");
    expect(log).toContain('"password": "[redacted]"');
    expect(r.stdout).toContain("rerun with --retry-failed");

    // Fixing the source and retrying moves exactly the failed documents.
    const c2 = new MongoClient(mongo);
    await c2
      .db()
      .collection("Employees")
      .updateOne({ _id: badType }, { $set: { salary: 2 } });
    await c2
      .db()
      .collection("Users")
      .updateOne({ _id: dupEmail }, { $set: { email: "unique@example.com" } });
    await c2.close();
    const retry = await migrate("--retry-failed");
    expect(retry.code, retry.stdout).toBe(0);
    const after = await rowCounts(pg);
    expect(after.Users).toBe(counts.Users! + 1);
    expect(after.Employees).toBe(counts.Employees! + 1);
  });
});

describe("string _ids that differ only in case", () => {
  it("both fail, named, instead of one row standing for two documents", async () => {
    const mongo = freshMongo();
    const pg = await freshTarget();
    const client = new MongoClient(mongo);
    const hex = "66000000000000000000abcd";
    await client
      .db()
      .collection("crm_Industry_Type")
      .insertMany([
        { _id: hex.toUpperCase(), __v: 0, name: "Upper" },
        { _id: hex, __v: 0, name: "Lower" },
      ] as never);
    await client.close();
    const cwd = workdir();
    // Batches of one: the two land in different transactions, where nothing else would stop the second.
    const r = await runCli(["migrate", "--mongo", mongo, "--postgres", pg, "--tables", "crm_Industry_Type", "--batch-size", "1"], {}, cwd);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    expect(await sql`select name from "crm_Industry_Type" where id = ${uuidFor(hex)}`).toHaveLength(0);
    await sql.end();
    const log = readFileSync(join(cwd, "migration-errors.log"), "utf8");
    for (const id of [hex, hex.toUpperCase()])
      expect(log).toContain(
        `_id "${id}" is a string that spells the _id of another crm_Industry_Type document (its ObjectId, or the same hex in all-lower or all-upper case)`,
      );
  });
});

describe("--retry-failed", () => {
  it("reports exactly the documents it retried: counts, failures listed and exit code, before and after the source is fixed", async () => {
    const mongo = freshMongo();
    const pg = await freshTarget();
    const client = new MongoClient(mongo);
    const employees = client.db().collection("Employees");
    const good = [new ObjectId(), new ObjectId()];
    const bad = [new ObjectId(), new ObjectId()];
    await employees.insertMany([
      ...good.map((_id, i) => ({ _id, __v: 0, avatar: "a", name: `Good ${i}`, salary: 1000, status: "active" })),
      ...bad.map((_id, i) => ({ _id, __v: 0, avatar: "a", name: `Bad ${i}`, salary: 1000.5, status: "active" })),
    ]);
    const cwd = workdir();
    const run = async (...args: string[]) => {
      const r = await runCli(["migrate", "--mongo", mongo, "--postgres", pg, "--tables", "Employees", ...args], {}, cwd);
      return { ...r, report: JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")) };
    };
    const expectReport = (r: Awaited<ReturnType<typeof run>>, counts: { migrated: number; failed: number }) => {
      expect(r.report.tables.Employees).toMatchObject({ read: 4, ...counts, repaired: 0 });
      expect(r.report.totals).toEqual({ read: 4, repaired: 0, ...counts });
      expect(r.report.failed.map((f: { mongoId: string }) => f.mongoId).sort()).toEqual(
        counts.failed ? bad.map((id) => id.toHexString()).sort() : [],
      );
      expect(r.stdout).toContain(`4 documents in`);
    };

    const first = await run();
    expect(first.code).toBe(1);
    expectReport(first, { migrated: 2, failed: 2 });
    const again = await run("--retry-failed");
    expect(again.code).toBe(1);
    expectReport(again, { migrated: 2, failed: 2 });

    await employees.updateMany({ _id: { $in: bad } }, { $set: { salary: 1000 } });
    await client.close();
    const fixed = await run("--retry-failed");
    expect(fixed.code, fixed.stdout).toBe(0);
    expectReport(fixed, { migrated: 4, failed: 0 });
    expect((await rowCounts(pg)).Employees).toBe(4);
  });

  it("after the source is fixed, leaves the target identical to a fresh migration of the fixed source, references repaired before included", async () => {
    const mongo = freshMongo();
    await seedInto(mongo, { scale: 6000, seed: 8, drop: true, quirks: true });
    const client = new MongoClient(mongo);
    // An account a contact names fails (no name): the contact's reference is set to NULL, a repair.
    const contact = await client
      .db()
      .collection("crm_Contacts")
      .findOne({ accountsIDs: { $type: "objectId" } });
    await client
      .db()
      .collection("crm_Accounts")
      .updateOne({ _id: contact!.accountsIDs }, { $unset: { name: "" } });
    const pg = await freshTarget();
    const cwd = workdir();
    const migrate = (url: string, dir: string, ...args: string[]) =>
      runCli(["migrate", "--mongo", mongo, "--postgres", url, ...args], {}, dir);
    expect((await migrate(pg, cwd)).code).toBe(1);
    const report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    expect(report.failed.map((f: { mongoId: string }) => f.mongoId)).toContain(contact!.accountsIDs.toHexString());
    try {
      const changes = await fixAtSource(client.db(), report.failed);
      expect(changes.filter((c) => c.includes("needs a human"))).toEqual([]);
    } finally {
      await client.close();
    }
    const retry = await migrate(pg, cwd, "--retry-failed");
    expect(retry.code, retry.stdout).toBe(0);
    const after = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    for (const t of Object.values(after.tables) as { read: number; migrated: number; repaired: number; failed: number }[])
      expect(t.migrated + t.repaired + t.failed).toBe(t.read);

    const sql = postgres(pg, { max: 1 });
    const [row] = await sql`select "accountsIDs" from "crm_Contacts" where id = ${uuidFor(contact!._id)}`;
    await sql.end();
    expect(row!.accountsIDs).toBe(uuidFor(contact!.accountsIDs));

    const fresh = await freshTarget();
    expect((await migrate(fresh, workdir())).code).toBe(0);
    expect(await tableHashes(pg)).toEqual(await tableHashes(fresh));
    const freshReport = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    expect(after.totals).toEqual(freshReport.totals);
  });

  it("stages a retried document's arrays once when an interrupted retry had committed it already", async () => {
    const { mongo, pg, cwd, migrate } = await setup(300);
    const client = new MongoClient(mongo);
    const tasks = client.db().collection("Tasks");
    const [fixed, broken] = await tasks.find().sort({ _id: 1 }).limit(2).toArray();
    // An entry naming no document: kept, in its array's order, in the junction's unmapped row.
    const dangling = new ObjectId();
    await tasks.updateOne({ _id: fixed!._id }, { $set: { likes: 1.5, documentIDs: [...(fixed!.documentIDs ?? []), dangling] } });
    await tasks.updateOne({ _id: broken!._id }, { $set: { likes: 2.5 } });
    expect((await migrate()).code).toBe(1);
    await tasks.updateOne({ _id: fixed!._id }, { $set: { likes: 1 } });
    await client.close();
    // A retry killed after its batch committed, before its checkpoint was saved: the old one stands.
    const checkpoint = join(cwd, "migration-checkpoint.json");
    const before = readFileSync(checkpoint);
    expect((await migrate("--retry-failed")).code).toBe(1);
    writeFileSync(checkpoint, before);
    const again = await migrate("--retry-failed");
    expect(again.code).toBe(1);
    expect(JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")).tables.Tasks.unchanged).toBe(1);

    const fresh = await freshTarget();
    expect((await runCli(["migrate", "--mongo", mongo, "--postgres", fresh], {}, workdir())).code).toBe(1);
    expect(await tableHashes(pg)).toEqual(await tableHashes(fresh));
  });

  it("is refused, writing nothing, when there is no checkpoint of a finished run to retry", async () => {
    const { pg, cwd, migrate } = await setup(300);
    expect((await migrate()).code).toBe(0);
    const before = await rowCounts(pg);
    expect(before.DocumentsToAccounts).toBeGreaterThan(0);
    const r = await migrate("--retry-failed");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error \[USAGE\]: --retry-failed/m);
    expect(r.stderr).toContain(join(cwd, "migration-checkpoint.json"));
    expect(await rowCounts(pg)).toEqual(before);
  });
});

describe("the checkpoint", () => {
  it("stops with exit 2 and writes nothing when it is corrupt or from other databases, until --restart", async () => {
    const { pg, cwd, migrate } = await setup(300);
    const path = join(cwd, "migration-checkpoint.json");
    writeFileSync(path, "{ not json");
    const bad = await migrate();
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error \[BAD_CHECKPOINT\]: /m);
    expect((await rowCounts(pg)).Users).toBe(0);

    writeFileSync(path, JSON.stringify({ checksum: "x", data: { version: 1 } }));
    expect((await migrate()).stderr).toMatch(/^error \[BAD_CHECKPOINT\]: .*checksum mismatch/m);

    const other = await setup(10);
    const r = await other.migrate("--batch-size", "1");
    expect([0, 1]).toContain(r.code);
    // A checkpoint left by a run against other databases (copied here by mistake).
    const foreign = {
      data: {
        version: 1,
        timestamp: "",
        complete: false,
        source: "x",
        target: "y",
        tables: {},
        junctions: {},
        failed: {},
        totals: { read: 0, migrated: 0, repaired: 0, failed: 0 },
      },
    };
    const { createHash } = await import("node:crypto");
    writeFileSync(
      path,
      JSON.stringify({ checksum: createHash("sha256").update(JSON.stringify(foreign.data)).digest("hex"), data: foreign.data }),
    );
    const f = await migrate();
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/^error \[FOREIGN_CHECKPOINT\]: /m);
    expect((await rowCounts(pg)).Users).toBe(0);

    const restart = await migrate("--restart");
    expect(restart.code).toBe(0);
    expect((await rowCounts(pg)).Users).toBeGreaterThan(0);
  });
});

/** The junction stage's rows but for the transaction that staged them. */
async function stagedArrays(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return [
      ...(await sql`select junction, side, owner_table, owner, owner_mongo, c0, c1, element, oid, pos from nextcrm_migrate.junction_stage
      order by owner_table, owner, junction, side, pos`),
    ];
  } finally {
    await sql.end();
  }
}

describe("a rerun's unchanged documents", () => {
  const report = (cwd: string) =>
    JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")) as {
      tables: Record<string, { read: number; migrated: number; repaired: number; unchanged: number; repairs: Record<string, number> }>;
    };
  const sum = (r: ReturnType<typeof report>, f: (t: ReturnType<typeof report>["tables"][string]) => number) =>
    Object.values(r.tables).reduce((n, t) => n + f(t), 0);
  const repairKinds = (r: ReturnType<typeof report>) => {
    const kinds: Record<string, number> = {};
    for (const t of Object.values(r.tables)) for (const [k, n] of Object.entries(t.repairs)) kinds[k] = (kinds[k] ?? 0) + n;
    return kinds;
  };

  it("are left as they are, and the target ends as a fresh migration of the edited source, rows and unmapped data edited in PostgreSQL included", async () => {
    const { mongo, pg, cwd, migrate } = await setup(1500);
    const client = new MongoClient(mongo);
    const db = client.db();
    // A reference to a document the source does not have yet: repaired to NULL, linked once it
    // exists. Another one stays missing, and its document unchanged.
    const [industry, never] = [new ObjectId(), new ObjectId()];
    const [waiting, orphan] = await db.collection("crm_Accounts").find().sort({ _id: 1 }).limit(2).toArray();
    await db.collection("crm_Accounts").updateOne({ _id: waiting!._id }, { $set: { industry } });
    await db.collection("crm_Accounts").updateOne({ _id: orphan!._id }, { $set: { industry: never } });
    // A field the schema lacks: kept in nextcrm_migrate.unmapped, which is ours to restore.
    const extra = (await db.collection("crm_Opportunities").find().sort({ _id: 1 }).limit(1).toArray())[0]!;
    await db.collection("crm_Opportunities").updateOne({ _id: extra._id }, { $set: { legacyScore: 7 } });
    // Repairs that depend on the document alone: a missing version, an empty reference.
    const [plain, empty] = await db.collection("Tasks").find().sort({ _id: 1 }).limit(2).toArray();
    await db.collection("Tasks").updateOne({ _id: plain!._id }, { $unset: { __v: "" } });
    await db.collection("Tasks").updateOne({ _id: empty!._id }, { $set: { createdBy: "" } });
    expect((await migrate()).code).toBe(0);
    const first = report(cwd);

    const renamed = (await db.collection("crm_Accounts").find().sort({ _id: -1 }).limit(1).toArray())[0]!;
    await db.collection("crm_Accounts").updateOne({ _id: renamed._id }, { $set: { name: "Renamed Ltd" } });
    const contact = (await db.collection("crm_Contacts").findOne({ "documentsIDs.1": { $exists: true } }))!;
    await db.collection("crm_Contacts").updateOne({ _id: contact._id }, { $pop: { documentsIDs: 1 } as never });
    // A contact whose arrays are all emptied, on both sides: none of its pairs may stay.
    const emptied = (await db.collection("crm_Contacts").findOne({ _id: { $ne: contact._id }, "documentsIDs.0": { $exists: true } }))!;
    await db.collection("crm_Contacts").updateOne({ _id: emptied._id }, { $set: { documentsIDs: [], opportunitiesIDs: [] } });
    const holders: ObjectId[] = [];
    for (const [name, field] of [
      ["Documents", "contactsIDs"],
      ["crm_Opportunities", "connected_contacts"],
    ] as const) {
      const ids = (
        await db
          .collection(name)
          .find({ [field]: emptied._id })
          .toArray()
      ).map((d) => d._id);
      await db.collection(name).updateMany({ _id: { $in: ids } }, { $pull: { [field]: emptied._id } as never });
      holders.push(...ids);
    }
    await db.collection("crm_Industry_Type").insertOne({ _id: industry, __v: 0, name: "Aerospace" });
    // Rows NextCRM (or a person) changed or deleted, of documents the source did not change.
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    const edited = (await db.collection("crm_Leads").find().sort({ _id: 1 }).limit(1).toArray())[0]!;
    await sql`update "crm_Leads" set "firstName" = 'edited in PostgreSQL' where id = ${uuidFor(edited._id)}`;
    const deleted = (await db.collection("TodoList").find().sort({ _id: 1 }).limit(1).toArray())[0]!;
    await sql`delete from "TodoList" where id = ${uuidFor(deleted._id)}`;
    await sql`delete from nextcrm_migrate.unmapped where table_name = 'crm_Opportunities' and id = ${uuidFor(extra._id)}`;
    await client.close();
    const [{ staged }] = (await sql`select max(written)::text as staged from nextcrm_migrate.junction_stage`) as unknown as [
      { staged: string },
    ];
    expect((await migrate()).code).toBe(0);
    const second = report(cwd);
    // Every document that committed is found unchanged but these six, those that held the emptied
    // contact, and the account whose missing industry arrived; the tasks' repairs depend on
    // themselves alone, the orphan account's on an industry still missing, so they are unchanged
    // and counted as they were, repaired.
    const committed = sum(first, (t) => t.migrated + t.repaired);
    expect(sum(second, (t) => t.unchanged)).toBe(committed - 6 - holders.length - 1);
    expect(second.tables.Tasks!.unchanged).toBe(first.tables.Tasks!.migrated + first.tables.Tasks!.repaired);
    expect(sum(second, (t) => t.migrated + t.repaired)).toBe(committed + 1); // the industry inserted
    // The one repair undone: the account's industry, linked now that it exists.
    expect(repairKinds(first)).toEqual({ missingVersion: 1, emptyToNull: 1, danglingToNull: 2 });
    expect(repairKinds(second)).toEqual({ missingVersion: 1, emptyToNull: 1, danglingToNull: 1 });
    expect([second.tables.Tasks!.repaired, second.tables.crm_Accounts!.repaired]).toEqual([2, 1]);
    const [linked] = await sql`select industry from "crm_Accounts" where id = ${uuidFor(waiting!._id)}`;
    expect(linked!.industry).toBe(uuidFor(industry));
    // Only what was written again was staged again: the unchanged documents' arrays stayed.
    const restaged = await sql`select distinct owner from nextcrm_migrate.junction_stage where written > ${staged}::bigint`;
    const written = [...[waiting!, renamed, contact, emptied, extra, edited].map((d) => d._id), ...holders].map((id) => uuidFor(id));
    expect(restaged.map((r) => r.owner)).toContain(uuidFor(contact._id));
    expect(restaged.map((r) => r.owner).filter((o) => !written.includes(o))).toEqual([]);
    await sql.end();

    const fresh = await freshTarget();
    expect((await runCli(["migrate", "--mongo", mongo, "--postgres", fresh], {}, workdir())).code).toBe(0);
    expect(await tableHashes(pg)).toEqual(await tableHashes(fresh));
    // What the stage holds is each document's arrays as it is now: no older version, no marker.
    expect(await stagedArrays(pg)).toEqual(await stagedArrays(fresh));
  });

  it("are all transformed again when a column was dropped and added again, which rewrites no row", async () => {
    const { mongo, pg, migrate } = await setup(300);
    expect((await migrate()).code).toBe(0);
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    await sql`alter table "crm_Leads" drop column "jobTitle"`;
    await sql`alter table "crm_Leads" add column "jobTitle" text`;
    const r = await migrate();
    expect(r.code, r.stderr).toBe(0);
    const fresh = await freshTarget();
    expect((await runCli(["migrate", "--mongo", mongo, "--postgres", fresh], {}, workdir())).code).toBe(0);
    const names = async (db: postgres.Sql) => [...(await db`select id, "jobTitle" from "crm_Leads" order by id`)];
    const other = postgres(fresh, { max: 1, onnotice: () => {} });
    const restored = await names(sql);
    expect(restored.filter((r) => r.jobTitle !== null).length).toBeGreaterThan(0);
    expect(restored).toEqual(await names(other));
    await Promise.all([sql.end(), other.end()]);
  });

  it("are all transformed again when their hashes are of another version of the tool, or after --restart", async () => {
    const { pg, cwd, migrate } = await setup(300);
    expect((await migrate()).code).toBe(0);
    expect((await migrate()).code).toBe(0);
    expect(report(cwd).tables.crm_Contacts!.unchanged).toBeGreaterThan(0);
    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    await sql`update nextcrm_migrate.row_hash set hash = ${uuidFor(new ObjectId())} where table_name = 'crm_Contacts' and id = '00000000-0000-0000-0000-000000000000'`;
    await sql.end();
    expect((await migrate()).code).toBe(0);
    expect(report(cwd).tables.crm_Contacts!.unchanged).toBe(0);
    expect(report(cwd).tables.crm_Leads!.unchanged).toBeGreaterThan(0);
    // --restart starts the tables it covers over, hashes included.
    expect((await migrate("--restart", "--tables", "crm_Leads")).code).toBe(0);
    expect(report(cwd).tables.crm_Leads!.unchanged).toBe(0);
    expect((await migrate()).code).toBe(0);
    expect(report(cwd).tables.crm_Leads!.unchanged).toBeGreaterThan(0);
  });
});

describe("a rerun's junctions", () => {
  it("are synced only when what they read changed: a pair deleted by hand comes back, a dangling entry's document is linked once it arrives", async () => {
    const { mongo, pg, cwd, migrate } = await setup(300);
    const client = new MongoClient(mongo);
    const db = client.db();
    const arriving = new ObjectId();
    const [contact] = await db.collection("crm_Contacts").find().sort({ _id: 1 }).limit(1).toArray();
    await db.collection("crm_Contacts").updateOne({ _id: contact!._id }, { $push: { documentsIDs: arriving } as never });
    expect((await migrate()).code).toBe(0);
    const junctions = () =>
      JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8")).junctions as Record<
        string,
        { inserted: number; deleted: number; unchanged?: boolean }
      >;
    expect(Object.values(junctions()).some((j) => j.unchanged)).toBe(false);
    expect((await migrate()).code).toBe(0);
    expect(Object.entries(junctions()).filter(([, j]) => !j.unchanged)).toEqual([]);

    const sql = postgres(pg, { max: 1, onnotice: () => {} });
    const [pair] = await sql`select account_id, document_id from "DocumentsToAccounts" order by 1, 2 limit 1`;
    await sql`delete from "DocumentsToAccounts" where account_id = ${pair!.account_id} and document_id = ${pair!.document_id}`;
    await sql.end();
    // The document arrives naming no contact itself: only the contact's entry links them.
    const documents = collections.find((c) => c.collection === "Documents")!;
    const base = (await db.collection("Documents").find().sort({ _id: 1 }).limit(1).toArray())[0]!;
    await db
      .collection("Documents")
      .insertOne({ ...base, _id: arriving, ...Object.fromEntries(documents.junctions.map((f) => [f.field, []])) });
    await client.close();
    expect((await migrate()).code).toBe(0);
    const after = junctions();
    expect(after.DocumentsToAccounts).toMatchObject({ inserted: 1, deleted: 0 });
    expect(after.DocumentsToContacts).toMatchObject({ inserted: 1, deleted: 0 });
    expect(after.DocumentsToAccounts!.unchanged ?? false).toBe(false);
    expect(after.AccountWatchers!.unchanged).toBe(true);

    const fresh = await freshTarget();
    expect((await runCli(["migrate", "--mongo", mongo, "--postgres", fresh], {}, workdir())).code).toBe(0);
    expect(await tableHashes(pg)).toEqual(await tableHashes(fresh));
  });
});
