// Issue 29: one strange document never stops a run, and a crash is told from a result. Documents
// with keys only other drivers write (`_bsontype`), mixed into seeded data, go through the real
// command line: each is migrated exactly or failed alone, named in migration-errors.log and the
// report, and every other table is migrated; the dry run and `validate --full` complete. A
// document whose bytes do not decode fails alone, logged with its BSON. An error that is no
// MigrateError exits 70 with the checkpoint saved, and the same command resumes.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BSON, MongoClient, ObjectId, type Document } from "mongodb";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { DryRunTarget } from "../../src/dryrun/target.js";
import { ExitCode } from "../../src/errors.js";
import { uuidFor } from "../../src/identity.js";
import { collectionNamed, collections } from "../../src/map/collections.js";
import { emptyCheckpoint } from "../../src/migrate/checkpoint.js";
import { Stats } from "../../src/migrate/stats.js";
import { TableRunner } from "../../src/migrate/tables.js";
import { decode, decodeTyped, rawDocument, type RawDocument } from "../../src/mongo/raw.js";
import type { TableRead } from "../../src/mongo/read.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { writeBatch } from "../../src/postgres/upsert.js";
import { ErrorLog, redactBson } from "../../src/report/errorLog.js";
import { transformDocument } from "../../src/transform/document.js";
import { validateRecords } from "../../src/validate/records.js";
import { runCli, workdir, type CliResult } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto } from "../helpers/databases.js";

const oid = (n: number) => new ObjectId(`15a7e0000000000000000${n.toString(16).padStart(3, "0")}`);

interface Odd {
  table: string;
  _id: ObjectId;
  what: string;
}

/**
 * The odd documents, copies of seeded ones with a key the JavaScript driver refuses to write: the
 * server writes it (`$set` of a dotted path, `$rename`), as another driver's insert would.
 */
async function addOdd(client: MongoClient): Promise<Odd[]> {
  const db = client.db();
  const one = async (table: string) => (await db.collection(table).findOne({}))!;
  const add = async (table: string, _id: ObjectId, doc: Document, update: Document, what: string): Promise<Odd> => {
    await db.collection(table).insertOne({ ...doc, _id });
    const r = await db.collection(table).updateOne({ _id }, update);
    expect(r.modifiedCount, what).toBe(1);
    return { table, _id, what };
  };
  const task = await one("Tasks");
  const account = await one("crm_Accounts");
  const contact = await one("crm_Contacts");
  return [
    await add("Tasks", oid(1), { ...task, tags: { a: 1 } }, { $set: { "tags._bsontype": "x" } }, 'a jsonb field { _bsontype: "x", a: 1 }'),
    await add(
      "crm_Accounts",
      oid(2),
      { ...account, bsontype_: "Nope" },
      { $rename: { bsontype_: "_bsontype" } },
      'a top-level _bsontype: "Nope"',
    ),
    await add(
      "crm_Accounts",
      oid(3),
      { ...account, watchers: [...(account.watchers ?? []), { b: 2 }] },
      { $set: { [`watchers.${(account.watchers ?? []).length}._bsontype`]: "y" } },
      'a junction array element { _bsontype: "y" }',
    ),
    await add(
      "crm_Contacts",
      oid(4),
      { ...contact, extra: { b: 3 } },
      { $set: { "extra._bsontype": "z" } },
      'an unknown field { _bsontype: "z" }',
    ),
    // Extended JSON fails this one for another reason: "_bsontype must be a string".
    await add("crm_Accounts", oid(5), { ...account, bsontype_: 7 }, { $rename: { bsontype_: "_bsontype" } }, "a top-level _bsontype: 7"),
  ];
}

/** The entries of migration-errors.log, by ObjectId. */
function logEntries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of text.split(/^---$/m)) {
    const id = /^MongoDB ObjectId: (.+)$/m.exec(entry)?.[1];
    if (id) out.set(id, entry);
  }
  return out;
}

/** An entry's document: whole, or (when it could not be rendered) its BSON, which must decode to the document. */
function expectDocumentIn(entry: string, odd: Odd): void {
  if (/^Original Document:$/m.test(entry)) return;
  expect(entry).toMatch(/^Original Document \(not shown whole: /m);
  const b64 = /^Original BSON \(base64\): (\S+)$/m.exec(entry)?.[1];
  expect(b64, entry).toBeDefined();
  const back = BSON.deserialize(Buffer.from(b64!, "base64"), { validation: { utf8: false } });
  expect((back._id as ObjectId).equals(odd._id)).toBe(true);
}

describe("documents with keys only other drivers write, through the command line", () => {
  let mongo: Disposable;
  let target: Disposable;
  let odd: Odd[];
  let counts: Record<string, number>;
  let cwd: string;
  let migrate: CliResult;
  let report: {
    status: string;
    tables: Record<string, { read: number; migrated: number; repaired: number; failed: number }>;
    failed: { table: string; mongoId: string; message: string }[];
  };
  let failed: Set<string>;

  beforeAll(async () => {
    mongo = newMongo();
    target = await newPostgres({ schema: true });
    await seedInto(mongo.url, { scale: 300, seed: 3, drop: true, quirks: false });
    const client = new MongoClient(mongo.url);
    try {
      odd = await addOdd(client);
      counts = {};
      for (const c of collections) counts[c.collection] = await client.db().collection(c.collection).countDocuments();
    } finally {
      await client.close();
    }
    cwd = workdir();
    migrate = await runCli(["migrate", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
    report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
    failed = new Set(report.failed.map((f) => `${f.table} ${f.mongoId}`));
  });

  afterAll(async () => {
    await target?.drop();
    await mongo?.drop();
  });

  it("completes: exit 0, or 1 for failed records, never a crash; every table is migrated", () => {
    expect([ExitCode.ok, ExitCode.failed], migrate.stderr).toContain(migrate.code);
    expect(migrate.stderr).not.toMatch(/\[INTERNAL\]|stack trace/);
    expect(report.status).toBe("complete");
    expect(migrate.code).toBe(report.failed.length ? ExitCode.failed : ExitCode.ok);
    // Every table, the ones after the odd documents' too, read whole: migrated, repaired or failed.
    for (const c of collections) {
      const t = report.tables[c.collection]!;
      expect(t, c.collection).toBeDefined();
      expect(t.read, c.collection).toBe(counts[c.collection]);
      expect(t.migrated + t.repaired + t.failed, c.collection).toBe(t.read);
    }
  });

  it("fails each odd document alone, or migrates it: nothing else fails", () => {
    const oddNames = new Set(odd.map((o) => `${o.table} ${o._id.toHexString()}`));
    for (const f of report.failed) expect(oddNames, `${f.table} ${f.mongoId}: ${f.message}`).toContain(`${f.table} ${f.mongoId}`);
  });

  it("names each failed one in migration-errors.log with its ObjectId and message, its document or its BSON", () => {
    const log = existsSync(join(cwd, "migration-errors.log")) ? readFileSync(join(cwd, "migration-errors.log"), "utf8") : "";
    const entries = logEntries(log);
    for (const o of odd) {
      const hex = o._id.toHexString();
      if (!failed.has(`${o.table} ${hex}`)) continue;
      const entry = entries.get(hex);
      expect(entry, `${o.what}: no log entry`).toBeDefined();
      expect(entry).toContain(`ERROR in table "${o.table}"`);
      const message = report.failed.find((f) => f.mongoId === hex)!.message;
      expect(entry).toContain(`Error: ${message.split("\n")[0]}`);
      expectDocumentIn(entry!, o);
    }
  });

  it("writes each migrated one exactly: validate --full passes, or names only the failed documents", async () => {
    const sql = postgres(target.url, { max: 1, onnotice: () => {} });
    try {
      for (const o of odd) {
        const [row] = await sql.unsafe(`select count(*)::int as n from "${o.table}" where id = $1`, [uuidFor(o._id)]);
        expect(row!.n, o.what).toBe(failed.has(`${o.table} ${o._id.toHexString()}`) ? 0 : 1);
      }
    } finally {
      await sql.end();
    }
    const v = await runCli(["validate", "--full", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
    expect([ExitCode.ok, ExitCode.failed], v.stderr).toContain(v.code);
    const vr = JSON.parse(readFileSync(join(cwd, "migration-validation-report.json"), "utf8"));
    if (!report.failed.length) {
      expect(v.code, v.stdout).toBe(ExitCode.ok);
      expect(vr.overallStatus).toBe("PASS");
      return;
    }
    // The failed documents have no row: the only differences are theirs.
    const named = [
      ...vr.sampleRecordValidation.missingRecords.map((m: { table: string; mongoId: string }) => `${m.table} ${m.mongoId}`),
      ...vr.sampleRecordValidation.fieldMismatches.map((m: { table: string; mongoId: string }) => `${m.table} ${m.mongoId}`),
    ];
    for (const n of named) expect(failed, n).toContain(n);
    for (const d of vr.rowCountValidation.discrepancies)
      if (d.mongodb !== undefined) expect(d.difference, d.table).toBe(d.failedInMigration.length);
  });

  it("the dry run completes, and keeps each would-fail document or its BSON", async () => {
    const dir = workdir();
    const r = await runCli(["migrate", "--dry-run", "--mongo", mongo.url], {}, dir);
    expect([ExitCode.ok, ExitCode.failed], r.stderr).toContain(r.code);
    expect(r.stderr).not.toMatch(/\[INTERNAL\]|stack trace/);
    const dry = JSON.parse(readFileSync(join(dir, "migration-dry-run.json"), "utf8"));
    expect(dry.status).toBe("complete");
    for (const c of collections) expect(dry.tables[c.collection].read, c.collection).toBe(counts[c.collection]);
    const oddNames = new Set(odd.map((o) => `${o.table} ${o._id.toHexString()}`));
    for (const f of dry.wouldFail) {
      expect(oddNames, `${f.table} ${f.mongoId}: ${f.message}`).toContain(`${f.table} ${f.mongoId}`);
      expect(f.document, f.mongoId).toBeTruthy();
      if (f.documentNotRendered) {
        const back = BSON.deserialize(Buffer.from(f.bson, "base64"), { validation: { utf8: false } });
        expect((back._id as ObjectId).toHexString()).toBe(f.mongoId);
      }
    }
  });
});

describe("a document whose bytes do not decode", () => {
  let mongo: Disposable;
  beforeAll(async () => {
    mongo = newMongo();
    await seedInto(mongo.url, { scale: 300, seed: 3, drop: true, quirks: false });
  });
  afterAll(() => mongo?.drop());

  /**
   * Users as the source sent them, and two more as other drivers can write them: one whose name is
   * not UTF-8 (MongoDB keeps it; FerretDB, which cannot, is bypassed: the runner reads these bytes
   * instead of a cursor's), one with a `_bsontype` key.
   */
  async function usersBytes(): Promise<{ raws: RawDocument[]; broken: ObjectId; odd: ObjectId }> {
    const client = new MongoClient(mongo.url);
    try {
      const coll = client.db().collection("Users");
      const raws = (await coll.find({}, { raw: true, sort: { _id: 1 } }).toArray()).map((b) => rawDocument(b as unknown as Uint8Array));
      const user = (await coll.findOne({ password: { $exists: true } }))!;
      const broken = new ObjectId("ffffffffffffffffffff0001");
      const bad = Buffer.from(BSON.serialize({ ...user, _id: broken, email: "undecodable@example.com", name: "NAME-NOT-UTF8" }));
      bad[bad.indexOf("NAME-NOT-UTF8") + 4] = 0xff;
      const odd = new ObjectId("ffffffffffffffffffff0002");
      const other = Buffer.from(BSON.serialize({ ...user, _id: odd, email: "odd-key@example.com", extra: { bsontypeX: "x", a: 1 } }));
      other.write("_bsontype", other.indexOf("bsontypeX"), "latin1");
      return { raws: [...raws, rawDocument(bad), rawDocument(other)], broken, odd };
    } finally {
      await client.close();
    }
  }

  it("fails alone, counted, listed and logged with its ObjectId and its BSON, secrets replaced", async () => {
    const { raws, broken, odd } = await usersBytes();
    const client = new MongoClient(mongo.url);
    const dir = mkdtempSync(join(tmpdir(), "nextcrm-isolation-"));
    const logPath = join(dir, "migration-errors.log");
    try {
      const stats = new Stats(emptyCheckpoint("", ""));
      const saves = { later: () => {}, now: async () => {} };
      // The runner as a migration runs it (a dry run's target: memory), reading these bytes.
      const runner = new (class extends TableRunner {
        override open(): TableRead<RawDocument> {
          return {
            batches: (async function* () {
              yield raws;
            })(),
            close: async () => {},
          };
        }
      })(new DryRunTarget(), client.db(), new ErrorLog(logPath, (s) => s), stats, {}, 1000, saves);
      const users = collectionNamed("Users")!;
      await runner.table(users, raws.length, { requested: false });
      const st = stats.tables.Users!;
      expect(st.done).toBe(true);
      expect(st.read).toBe(raws.length);
      const failedIds = runner.failures.map((f) => f.mongoId);
      expect(failedIds).toContain(broken.toHexString());
      // The `_bsontype` one migrates, or fails alone; every other user migrates.
      expect(failedIds.filter((id) => id !== odd.toHexString())).toEqual([broken.toHexString()]);
      expect(st.migrated + st.repaired).toBe(raws.length - failedIds.length);
      expect(runner.failures.find((f) => f.mongoId === broken.toHexString())!.message).toMatch(/UTF-8/i);

      const entries = logEntries(readFileSync(logPath, "utf8"));
      const entry = entries.get(broken.toHexString())!;
      expect(entry).toContain('ERROR in table "Users"');
      expect(entry).toContain("Original Document (not shown whole: its BSON could not be decoded");
      const b64 = /^Original BSON \(base64\): (\S+)$/m.exec(entry)![1]!;
      const back = BSON.deserialize(Buffer.from(b64, "base64"), { validation: { utf8: false } });
      expect((back._id as ObjectId).equals(broken)).toBe(true);
      expect(back.password).toBe("[redacted]");
      expect(back.email).toBe("undecodable@example.com");
      if (failedIds.includes(odd.toHexString()))
        expectDocumentIn(entries.get(odd.toHexString())!, { table: "Users", _id: odd, what: "_bsontype" });
    } finally {
      await client.close();
    }
  });

  it("redactBson replaces every secret field's value, at any depth, and keeps the rest byte for byte", () => {
    const doc = {
      _id: new ObjectId(),
      password: "hunter2",
      nested: { api_key: "k", arr: [{ token: "t", keep: 1 }], keep: "x" },
      keep: [1, "two", new Date(0)],
    };
    const back = BSON.deserialize(redactBson(BSON.serialize(doc)));
    expect(back).toEqual({
      ...doc,
      password: "[redacted]",
      nested: { api_key: "[redacted]", arr: [{ token: "[redacted]", keep: 1 }], keep: "x" },
    });
    const plain = BSON.serialize({ a: 1, b: { c: "d" } });
    expect(Buffer.from(redactBson(plain)).equals(Buffer.from(plain))).toBe(true);
    expect(() => redactBson(plain.subarray(0, plain.length - 3))).toThrow();
  });
});

describe("the validator reads nextcrm_migrate.unmapped as the migrator writes it", () => {
  it("compares fields holding objects of $ keys (MongoDB keeps them; FerretDB refuses them) equal", async () => {
    const target = await newPostgres({ schema: true });
    const sql = await openPostgres(target.url, { max: 2 });
    try {
      const mapping = collectionNamed("crm_Industry_Type")!;
      // Fields without a column, each of which the bson library reads as something else.
      const bytes = BSON.serialize({
        _id: new ObjectId(),
        __v: 0,
        name: "Tech",
        extra: { $numberInt: "1", a: 2 },
        wrapped: { $document: { b: 1 } },
        notHex: { $oid: "nothex" },
      });
      const doc = decode(bytes);
      const t = transformDocument(
        mapping,
        doc,
        () => true,
        () => decodeTyped(bytes),
      );
      await sql.begin((tx) => writeBatch(tx as never, mapping, [t]));
      // The document as a MongoDB that holds it would send it, instead of FerretDB's cursor.
      const read: TableRead = {
        batches: (async function* () {
          yield [doc];
        })(),
        close: async () => {},
      };
      const r = await validateRecords(sql, undefined as never, mapping, { sample: 1, batchSize: 1000, read });
      expect(r.mismatches).toEqual([]);
      expect(r.matched).toBe(1);
    } finally {
      await sql.end();
      await target.drop();
    }
  });
});

describe("an error that is no MigrateError", () => {
  let mongo: Disposable;
  let target: Disposable;
  beforeAll(async () => {
    mongo = newMongo();
    target = await newPostgres({ schema: true });
    await seedInto(mongo.url, { scale: 300, seed: 3, drop: true, quirks: false });
  });
  afterAll(async () => {
    await target?.drop();
    await mongo?.drop();
  });

  /** main() in this process, its output captured, the signal handlers it installs removed afterwards. */
  async function mainOf(argv: string[]): Promise<{ code: number; errors: string[] }> {
    const before = new Map((["SIGINT", "SIGTERM"] as const).map((s) => [s, new Set(process.listeners(s))]));
    const errors: string[] = [];
    const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void errors.push(a.join(" ")));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    // The task list goes to the terminal: not into the test's output.
    const progress = [
      vi.spyOn(process.stderr, "write").mockImplementation(() => true),
      vi.spyOn(process.stdout, "write").mockImplementation(() => true),
    ];
    try {
      return { code: await main(argv), errors };
    } finally {
      error.mockRestore();
      log.mockRestore();
      for (const p of progress) p.mockRestore();
      for (const [s, had] of before) for (const l of process.listeners(s)) if (!had.has(l)) process.off(s, l);
    }
  }

  it("exits 70 (not 1) with one line saying what happened and where the checkpoint stands; the same command resumes", async () => {
    // PostgreSQL refuses every Tasks row with an error that is no data error: the run cannot go on.
    const sql = postgres(target.url, { max: 1, onnotice: () => {} });
    await sql.unsafe(`create function refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by a trigger'; end $$;
      create trigger refuse before insert or update on "Tasks" for each row execute function refuse()`);
    const dir = mkdtempSync(join(tmpdir(), "nextcrm-crash-"));
    const checkpoint = join(dir, "cp.json");
    const argv = [
      "migrate",
      "--mongo",
      mongo.url,
      "--postgres",
      target.url,
      "--checkpoint",
      checkpoint,
      "--error-log",
      join(dir, "errors.log"),
      "--report",
      join(dir, "report.json"),
    ];
    try {
      const crashed = await mainOf(argv);
      expect(crashed.code).toBe(ExitCode.internal);
      expect(crashed.code).toBe(70);
      expect(crashed.errors).toEqual([
        `error [INTERNAL]: the migration stopped: PostgresError: refused by a trigger; the checkpoint at ${checkpoint} holds every batch committed before this; rerun the same command to resume.`,
        "(run again with --debug for the stack trace)",
      ]);
      // Saved before the process exits: every table Tasks does not wait for is done.
      const cp = JSON.parse(readFileSync(checkpoint, "utf8")).data;
      expect(cp.tables.Users.done).toBe(true);
      expect(cp.tables.Tasks.done).toBe(false);
      expect(cp.tables.Tasks.read).toBe(0);
      await sql.unsafe(`drop trigger refuse on "Tasks"`);
      const resumed = await mainOf(argv);
      expect(resumed.code, resumed.errors.join("\n")).toBe(ExitCode.ok);
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
      expect(report.status).toBe("complete");
      expect(report.totals.failed).toBe(0);
      const [row] = await sql.unsafe(`select count(*)::int as n from "Tasks"`);
      expect(row!.n).toBe(report.tables.Tasks.read);
    } finally {
      await sql.end();
    }
  });
});
