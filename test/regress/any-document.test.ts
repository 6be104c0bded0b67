// Any document on the real servers: a few hundred generated documents (test/helpers/anyDocument.ts:
// any BSON value under any key) mixed into seeded data, migrated by the command line, then
// validated in full. Each is migrated exactly, repaired, or listed as failed; the counts add up;
// and the validator finds nothing but the documents the migration listed as failed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityName } from "../../src/identity.js";
import { collectionNamed } from "../../src/map/collections.js";
import { READ_OPTIONS } from "../../src/mongo/read.js";
import { canonicalText } from "../../src/transform/ejson.js";
import { runCli, workdir, type CliResult } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto } from "../helpers/databases.js";
import { sourceDocument } from "../helpers/anyDocument.js";

/** Generated documents per collection, and the collections: every kind of column, jsonb and junction among them. */
const PER_COLLECTION = 80;
const COLLECTIONS = ["crm_Accounts", "Tasks", "Documents", "Invoices", "crm_Contacts"];

let mongo: Disposable;
let target: Disposable;
let migrate: CliResult;
let validate: CliResult;
const kept: { table: string; mongoId: string }[] = [];
let refusedBySource = 0;
let report: {
  failed: { table: string; mongoId: string; message: string }[];
  tables: Record<string, { read: number; migrated: number; repaired: number; failed: number }>;
};
let validation: Record<string, any>;

beforeAll(async () => {
  mongo = newMongo();
  await seedInto(mongo.url, { scale: 300, seed: 9, drop: true, quirks: false });
  const client = new MongoClient(mongo.url);
  try {
    for (const [n, name] of COLLECTIONS.entries()) {
      const coll = client.db().collection(name);
      for (const doc of fc.sample(sourceDocument(collectionNamed(name)!), { numRuns: PER_COLLECTION, seed: 1000 + n })) {
        // What the source cannot hold (FerretDB refuses `$` keys, NaN, Decimal128; the JavaScript
        // driver refuses a `_bsontype` key) is the transform's property test's; here, what it keeps exactly.
        try {
          await coll.insertOne(doc);
        } catch {
          refusedBySource++;
          continue;
        }
        const back = await coll.findOne(
          { _id: doc._id },
          { ...READ_OPTIONS, promoteValues: false, promoteLongs: false, useBigInt64: false },
        );
        if (back && canonicalText(back) === canonicalText(doc)) kept.push({ table: name, mongoId: identityName(doc._id) });
        else {
          await coll.deleteOne({ _id: doc._id });
          refusedBySource++;
        }
      }
    }
  } finally {
    await client.close();
  }
  target = await newPostgres({ schema: true });
  const cwd = workdir();
  migrate = await runCli(["migrate", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
  report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
  validate = await runCli(["validate", "--full", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
  validation = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
});

afterAll(async () => {
  await target?.drop();
  await mongo?.drop();
});

describe("generated documents of any shape", () => {
  it("enough reach the source exactly for the run to be about them (FerretDB refuses most of the strangest)", () => {
    expect(kept.length).toBeGreaterThan(60);
    expect(kept.length + refusedBySource).toBe(COLLECTIONS.length * PER_COLLECTION);
  });

  it("each is migrated, repaired or listed as failed, and the run finishes as a result, not a crash", () => {
    expect([0, 1], migrate.stdout + migrate.stderr).toContain(migrate.code);
    for (const [table, t] of Object.entries(report.tables))
      expect({ table, sum: t.migrated + t.repaired + t.failed }).toEqual({ table, sum: t.read });
    const failed = new Set(report.failed.map((f) => `${f.table} ${f.mongoId}`));
    for (const f of report.failed) expect(f.message.length, `${f.table} ${f.mongoId}`).toBeGreaterThan(0);
    // Generated documents may fail (a value a column cannot hold exactly); seeded ones never do.
    const generated = new Set(kept.map((k) => `${k.table} ${k.mongoId}`));
    for (const f of failed) expect(generated.has(f), f).toBe(true);
  });

  it("validate --full finds every document exact or repaired, and nothing but the failed ones missing", () => {
    expect(validation.sampleRecordValidation.fieldMismatches).toEqual([]);
    const missing = validation.sampleRecordValidation.missingRecords
      .map((m: { table: string; mongoId: string }) => `${m.table} ${m.mongoId}`)
      .sort();
    expect(missing).toEqual(report.failed.map((f) => `${f.table} ${f.mongoId}`).sort());
    expect(validation.referentialIntegrityValidation.status, validate.stdout).toBe("PASS");
    expect(validation.dataTypeValidation.typeErrors).toEqual([]);
    if (!report.failed.length) expect(validate.code, validate.stdout).toBe(0);
  });
});
