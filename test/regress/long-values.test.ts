// Values NextCRM's release schema accepts however long they are, which the specification's extra
// indexes must never refuse (issue 29, item 3): a contact note longer than a GIN entry may be
// (~2.7 kB), texts whose tsvector would pass PostgreSQL's 1 MB limit. Migrated by the real command
// line next to normal seeded data: every value arrives whole, `validate --full` passes, and the
// queries README ("What this tool adds") tells users to write still use the indexes. Against the
// unbounded indexes of drizzle/0001_additions.sql each of the nine long documents failed.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MongoClient, ObjectId, type Document } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { openPostgres, type Sql } from "../../src/postgres/connect.js";
import { runCli, workdir, type CliResult } from "../helpers/cli.js";
import { type Disposable, newMongo, newPostgres, seedInto } from "../helpers/databases.js";

/** `n` characters of lower-case words of 4 to 9 letters, nearly all distinct; the same for the same seed. */
function words(n: number, seed: string): string {
  const parts: string[] = [];
  let length = 0;
  let block = createHash("sha256").update(seed).digest();
  while (length <= n) {
    for (let i = 0; i + 10 <= block.length && length <= n; i += 10) {
      const size = 4 + (block[i]! % 6);
      let w = "";
      for (let k = 1; k <= size; k++) w += String.fromCharCode(97 + (block[i + k]! % 26));
      parts.push(w);
      length += w.length + 1;
    }
    block = createHash("sha256").update(block).digest();
  }
  return parts.join(" ").slice(0, n);
}

/** `n` hex digits of a sha256 chain: one token that no compression shrinks. */
function hexChain(n: number, seed: string): string {
  let out = "";
  let block = createHash("sha256").update(seed).digest();
  while (out.length < n) {
    out += block.toString("hex");
    block = createHash("sha256").update(block).digest();
  }
  return out.slice(0, n);
}

const md5 = (s: string) => createHash("md5").update(s, "utf8").digest("hex");
const MB = 1_000_000;

interface Long {
  collection: string;
  _id: ObjectId;
  /** The text fields set on a copy of a seeded document. */
  set: Record<string, string | string[]>;
}

const id = (n: number) => new ObjectId(`6a1000000000000000000${n.toString(16).padStart(3, "0")}`);
const NOTE_6K = words(6_000, "note 6k");
const NOTE_100K = hexChain(100_000, "note 100k");
const LONG: Long[] = [
  { collection: "crm_Contacts", _id: id(1), set: { notes: ["called about the renewal", NOTE_6K] } },
  { collection: "crm_Contacts", _id: id(2), set: { notes: [NOTE_100K, "second note"], last_name: words(40_000, "contact last") } },
  { collection: "Tasks", _id: id(3), set: { title: words(5_000, "task title"), content: words(2 * MB, "task content") } },
  {
    collection: "crm_Accounts_Tasks",
    _id: id(4),
    set: { title: words(5_000, "account task title"), content: words(1.2 * MB, "account task content") },
  },
  { collection: "crm_Accounts", _id: id(5), set: { name: words(1.2 * MB, "account name") } },
  { collection: "crm_Leads", _id: id(6), set: { lastName: words(30_000, "lead last"), company: words(1.2 * MB, "lead company") } },
  {
    collection: "crm_Opportunities",
    _id: id(7),
    set: { name: words(50_000, "opportunity name"), description: words(1.2 * MB, "opportunity description") },
  },
  {
    collection: "Documents",
    _id: id(8),
    set: { document_name: words(50_000, "document name"), description: words(1.2 * MB, "document description") },
  },
  {
    collection: "Invoices",
    _id: id(9),
    set: { partner: words(20_000, "invoice partner"), description: words(1.2 * MB, "invoice description") },
  },
];

/**
 * The full-text queries as README tells users to write them: each column as
 * `left(COALESCE(col, ''), 16384)`, joined by `|| ' ' ||`, exactly as the index.
 */
const FULL_TEXT: { index: string; table: string; columns: string[] }[] = [
  { index: "crm_accounts_name_fts_idx", table: "crm_Accounts", columns: ["name"] },
  { index: "crm_leads_name_fts_idx", table: "crm_Leads", columns: ["firstName", "lastName", "company"] },
  { index: "crm_contacts_name_fts_idx", table: "crm_Contacts", columns: ["first_name", "last_name"] },
  { index: "crm_opportunities_name_fts_idx", table: "crm_Opportunities", columns: ["name", "description"] },
  { index: "documents_name_fts_idx", table: "Documents", columns: ["document_name", "description"] },
  { index: "invoices_number_fts_idx", table: "Invoices", columns: ["invoice_number", "partner", "description"] },
  { index: "tasks_title_fts_idx", table: "Tasks", columns: ["title", "content"] },
  { index: "crm_accounts_tasks_title_fts_idx", table: "crm_Accounts_Tasks", columns: ["title", "content"] },
];
const fullTextQuery = (table: string, columns: string[]) =>
  `select id from "${table}" where to_tsvector('english', ${columns.map((c) => `left(COALESCE("${c}", ''), 16384)`).join(` || ' ' || `)}) @@ plainto_tsquery('english', $1)`;
const NOTES_QUERY = `select id from "crm_Contacts" where nextcrm_migrate.note_prefixes(notes) @> array[left($1, 512)] and notes @> array[$1]`;

let mongo: Disposable;
let target: Disposable;
let sql: Sql;
let migrate: CliResult;
let validate: CliResult;
let report: { failed: unknown[]; tables: Record<string, { read: number; migrated: number; failed: number }> };

beforeAll(async () => {
  mongo = newMongo();
  await seedInto(mongo.url, { scale: 300, seed: 3, drop: true, quirks: false });
  const client = new MongoClient(mongo.url);
  try {
    for (const l of LONG) {
      const coll = client.db().collection(l.collection);
      // A seeded document of the collection, as a copy: every other field as NextCRM writes it.
      const [model] = await coll.find({}).sort({ _id: 1 }).limit(1).toArray();
      expect(model, l.collection).toBeDefined();
      const doc: Document = { ...model, ...l.set, _id: l._id };
      await coll.insertOne(doc);
      const back = await coll.findOne({ _id: l._id });
      for (const [field, value] of Object.entries(l.set))
        expect(back?.[field], `${l.collection}.${field} as the source keeps it`).toEqual(value);
    }
  } finally {
    await client.close();
  }

  target = await newPostgres({ schema: true });
  sql = await openPostgres(target.url, { max: 1 });
  const cwd = workdir();
  migrate = await runCli(["migrate", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
  report = JSON.parse(readFileSync(join(cwd, "migration-report.json"), "utf8"));
  validate = await runCli(["validate", "--full", "--mongo", mongo.url, "--postgres", target.url], {}, cwd);
}, 900_000);

afterAll(async () => {
  await sql?.end();
  await target?.drop();
  await mongo?.drop();
});

describe("values longer than an index entry or a tsvector", () => {
  it("migrate every document, none failed", () => {
    expect(report.failed, migrate.stdout.slice(-3000) + migrate.stderr).toEqual([]);
    expect(migrate.code, migrate.stderr).toBe(0);
    for (const l of LONG) expect(report.tables[l.collection]?.failed, l.collection).toBe(0);
  });

  it("arrive whole: every character of every long value in its row", async () => {
    for (const l of LONG) {
      for (const [field, value] of Object.entries(l.set)) {
        if (Array.isArray(value)) {
          const rows = await sql.unsafe(
            `select cardinality("${field}") as n, array(select md5(e) from unnest("${field}") e) as hashes, array(select length(e) from unnest("${field}") e) as lengths from "${l.collection}" where id = $1`,
            [uuidFor(l._id)],
          );
          expect(rows[0], `${l.collection}.${field}`).toEqual({
            n: value.length,
            hashes: value.map(md5),
            lengths: value.map((v) => v.length),
          });
        } else {
          const rows = await sql.unsafe(
            `select length("${field}") as length, md5("${field}") as hash from "${l.collection}" where id = $1`,
            [uuidFor(l._id)],
          );
          expect(rows[0], `${l.collection}.${field}`).toEqual({ length: value.length, hash: md5(value) });
        }
      }
    }
  });

  it("pass validate --full", () => {
    expect(validate.code, validate.stdout.slice(-3000) + validate.stderr).toBe(0);
  });

  it("are found through each index by the query README gives, from a word of the indexed prefix", async () => {
    for (const f of FULL_TEXT) {
      const l = LONG.find(
        (x) => x.collection === f.table && f.columns.some((c) => typeof x.set[c] === "string" && (x.set[c] as string).length > 16_384),
      )!;
      const text = f.columns.map((c) => l.set[c]).find((v): v is string => typeof v === "string" && v.length > 16_384)!;
      const prefix = text.slice(0, 16_384).split(" ");
      // A word of the column's first 16,384 characters, too long to be a stop word.
      const word = prefix.find((w) => w.length >= 7)!;
      const q = fullTextQuery(f.table, f.columns);
      const found = await sql.unsafe(q, [word]);
      expect(
        found.map((r) => r.id),
        `${f.index} (${word})`,
      ).toContain(uuidFor(l._id));
      // A word only past them is in the row, but not in the index (README says so).
      const past = text
        .split(" ")
        .slice(-20, -1)
        .find((w) => w.length >= 7 && !prefix.includes(w))!;
      expect(
        (await sql.unsafe(q, [past])).map((r) => r.id),
        `${f.index} (${past})`,
      ).not.toContain(uuidFor(l._id));
      const plan = await sql.begin(async (tx) => {
        await tx.unsafe(`set local enable_seqscan = off`);
        return JSON.stringify(await tx.unsafe(`explain (format json) ${q}`, [word]));
      });
      expect(plan, f.index).toContain(`"Index Name":"${f.index}"`);
    }
    for (const note of [NOTE_6K, NOTE_100K]) {
      const found = await sql.unsafe(NOTES_QUERY, [note]);
      expect(found.map((r) => r.id)).toEqual([uuidFor((note === NOTE_6K ? LONG[0] : LONG[1])!._id)]);
    }
    // A text that begins as a note does but is not that note: the index finds the note, the second condition drops it.
    expect(await sql.unsafe(NOTES_QUERY, [NOTE_100K.slice(0, 600)])).toEqual([]);
    const plan = await sql.begin(async (tx) => {
      await tx.unsafe(`set local enable_seqscan = off`);
      return JSON.stringify(await tx.unsafe(`explain (format json) ${NOTES_QUERY}`, [NOTE_6K]));
    });
    expect(plan).toContain(`"Index Name":"crm_contacts_notes_gin_idx"`);
  });
});
