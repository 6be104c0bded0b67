// `seed`: writes a synthetic NextCRM database into MongoDB, streaming batches so memory stays
// flat at any --scale. The same --seed gives the same database, byte for byte.
import type { Document, ObjectId } from "mongodb";
import { collections, junctions } from "../map/collections.js";
import { junctionPlace } from "../map/relations.js";
import type { CollectionMapping, ColumnField } from "../map/types.js";
import { MigrateError } from "../errors.js";
import { openMongo } from "../mongo/connect.js";
import { initialData } from "./initialData.js";
import { Links } from "./links.js";
import { makePlan, objectIdFor, type Plan } from "./plan.js";
import { hash, hashString, Rng } from "./random.js";
import { asDouble, beyond32Bits, isAmount, notForToday, valueFor } from "./values.js";

export interface SeedOptions {
  mongoUrl: string;
  mongoDb: string;
  /** Roughly how many documents in all. */
  scale: number;
  seed: number;
  /** Drop the database first; without it a non-empty database is refused. */
  drop: boolean;
  /** Mix in the real-world quirks (QUIRK_RATES; the default). */
  quirks: boolean;
  /** Documents per insertMany. */
  batchSize?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  counts: Record<string, number>;
  total: number;
}

/** Rates of the quirks, per document or per value. Small, as in a real database. */
export const QUIRK_RATES = {
  versionMissing: 0.02,
  versionDouble: 0.02,
  idAsString: 0.02,
  emptyId: 0.01,
  nullId: 0.01,
  dangling: 0.01,
  arrayDangling: 0.01,
  arrayDuplicate: 0.005,
  oneSidedPair: 0.02,
  unknownField: 0.01,
  missingRepairable: 0.005,
  /** Removes a required field that has no default: the document cannot be migrated. */
  missingUnrepairable: 0.0005,
  commentOnAccountTask: 0.25,
  /** A required reference to a deleted document that a stub row keeps (sections of a deleted board). */
  orphan: 0.01,
  /** An amount written as an Int64 beyond 32 bits: the document cannot be migrated. */
  beyond32Bits: 0.0005,
  /** A value today's NextCRM cannot read or upgrade, of the kind the field's TodayRepair handles. */
  notForToday: 0.01,
} as const;

/** A required field whose absence a repair fills in. */
const filledWhenMissing = (f: ColumnField) => f.repairs.some((r) => r.kind === "missingToDefault" || r.kind === "missingVersion");

export class SeedGenerator {
  readonly plan: Plan;
  private readonly links = new Map<string, Links>();

  constructor(
    readonly seed: number,
    scale: number,
    readonly quirks: boolean,
  ) {
    this.plan = makePlan(scale);
    for (const j of junctions) {
      this.links.set(j.name, new Links(seed, j, this.plan, { oneSided: quirks ? QUIRK_RATES.oneSidedPair : 0 }));
    }
  }

  idOf = (collection: string, i: number): ObjectId => objectIdFor(this.seed, collection, i, this.plan.get(collection) ?? 0);

  /** An id no document has: what a deleted document leaves behind. */
  private ghost(collection: string, rng: Rng): ObjectId {
    return objectIdFor(this.seed, `${collection}#deleted`, rng.int(1 << 20), 1 << 20);
  }

  document(mapping: CollectionMapping, i: number): Document {
    const { collection } = mapping;
    const _id = this.idOf(collection, i);
    const seeded = initialData[collection]?.[i];
    if (seeded) return { _id, ...seeded };
    const rng = new Rng(hash(this.seed, hashString(collection), i));
    const created = _id.getTimestamp();
    const idIn = (target: string) => {
      const n = this.plan.get(target) ?? 0;
      return n > 0 ? this.idOf(target, rng.int(n)) : undefined;
    };
    const doc: Document = { _id };
    for (const field of mapping.fields) {
      if (field.kind === "column") {
        const v = valueFor(field, { rng, i, idIn, created });
        if (v !== undefined) doc[field.field] = v;
      } else if (field.kind === "junction") {
        const links = this.links.get(field.junctionName)!;
        const side = junctionPlace(collection, field.field).selfFirst ? "a" : "b";
        doc[field.field] = links.arrayFor(side, i, this.idOf);
      }
    }
    // Comments on CRM account tasks reach the column only through the redirect repair.
    if (collection === "tasksComments") delete doc.assigned_crm_account_task;
    if (this.quirks) this.addQuirks(mapping, doc, rng);
    return doc;
  }

  private addQuirks(mapping: CollectionMapping, doc: Document, rng: Rng): void {
    const Q = QUIRK_RATES;
    if (mapping.collection === "tasksComments" && rng.chance(Q.commentOnAccountTask)) {
      const n = this.plan.get("crm_Accounts_Tasks") ?? 0;
      if (n > 0) doc.task = this.idOf("crm_Accounts_Tasks", rng.int(n));
    }
    if ("__v" in doc) {
      if (rng.chance(Q.versionMissing)) delete doc.__v;
      else if (rng.chance(Q.versionDouble)) doc.__v = asDouble(doc.__v as number);
    }
    for (const f of mapping.columns) {
      if (f.today && rng.chance(Q.notForToday)) doc[f.field] = notForToday(f.today, doc[f.field], (xs) => rng.pick(xs));
      if (isAmount(f.field) && typeof doc[f.field] === "number" && rng.chance(Q.beyond32Bits)) doc[f.field] = beyond32Bits(rng);
      if (f.conversion !== "objectId" || !(f.field in doc)) continue;
      if (f.references && f.repairs.some((r) => r.kind === "stub") && rng.chance(Q.orphan)) doc[f.field] = this.ghost(f.references, rng);
      else if (!f.required && f.references && rng.chance(Q.dangling)) doc[f.field] = this.ghost(f.references, rng);
      else if (!f.required && rng.chance(Q.emptyId)) doc[f.field] = "";
      else if (!f.required && rng.chance(Q.nullId)) doc[f.field] = null;
      if (doc[f.field] && rng.chance(Q.idAsString)) doc[f.field] = (doc[f.field] as ObjectId).toHexString();
    }
    for (const f of mapping.junctions) {
      const arr = doc[f.field] as (ObjectId | string)[];
      if (rng.chance(Q.arrayDangling)) arr.push(this.ghost(f.references, rng));
      if (arr.length && rng.chance(Q.arrayDuplicate)) arr.push(arr[0]!);
      if (arr.length && rng.chance(Q.idAsString)) arr[0] = (arr[0] as ObjectId).toHexString();
    }
    if (rng.chance(Q.unknownField))
      doc[`legacy_${rng.pick(["note", "flag", "ref", "score"])}`] = rng.chance(0.5)
        ? rng.hex(8)
        : { imported: true, at: new Date(Date.UTC(2018, 5, 1)) };
    if (rng.chance(Q.missingRepairable)) {
      const f = mapping.columns.filter((c) => c.required && filledWhenMissing(c));
      if (f.length) delete doc[rng.pick(f).field];
    }
    if (rng.chance(Q.missingUnrepairable)) {
      const f = mapping.columns.filter((c) => c.required && !filledWhenMissing(c));
      if (f.length) delete doc[rng.pick(f).field];
    }
  }

  *documents(mapping: CollectionMapping): Generator<Document> {
    const n = this.plan.get(mapping.collection) ?? 0;
    for (let i = 0; i < n; i++) yield this.document(mapping, i);
  }
}

export async function seedDatabase(opts: SeedOptions): Promise<SeedResult> {
  const { db, client } = await openMongo(opts.mongoUrl, opts.mongoDb);
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 1000;
  try {
    if (opts.drop) await db.dropDatabase();
    else {
      const existing = await db.listCollections({}, { nameOnly: true }).toArray();
      if (existing.length) {
        throw new MigrateError(
          "USAGE",
          `MongoDB database ${opts.mongoDb} already has ${existing.length} collection(s); pass --drop to replace it, or name an empty database.`,
        );
      }
    }
    const gen = new SeedGenerator(opts.seed, opts.scale, opts.quirks);
    const counts: Record<string, number> = {};
    for (const mapping of collections) {
      const coll = db.collection(mapping.collection);
      let batch: Document[] = [];
      let n = 0;
      for (const doc of gen.documents(mapping)) {
        batch.push(doc);
        if (batch.length >= batchSize) {
          await coll.insertMany(batch, { ordered: true });
          n += batch.length;
          batch = [];
        }
      }
      if (batch.length) await coll.insertMany(batch, { ordered: true });
      n += batch.length;
      counts[mapping.collection] = n;
      log(`  ${mapping.collection}: ${n}`);
    }
    return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  } finally {
    await client.close();
  }
}
