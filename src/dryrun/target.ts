// A dry run's target: nothing is written; what a migration into an empty PostgreSQL would hold
// is remembered as keys (src/dryrun/keys.ts), so that references, unique values, junction pairs
// and the stub owner are answered as that migration's database would answer them; what today's
// NextCRM would make of its rows is tallied.
import { getTableConfig } from "drizzle-orm/pg-core";
import type { Document } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import { collections, junctions } from "../map/collections.js";
import type { CollectionMapping, JunctionMapping } from "../map/types.js";
import type { Item, Target, Unchanged } from "../migrate/target.js";
import type { JunctionResult } from "../postgres/junctionSync.js";
import { junctionPlaces, junctionSides, REFERENCED_TABLES } from "../map/relations.js";
import { STUB_OWNER } from "../map/stubs.js";
import type { Exists, Transformed } from "../transform/document.js";
import { fromPgTimestamp } from "../transform/timestamp.js";
import { ReadinessTally, type Readiness } from "../nextcrm/readiness.js";
import { KeyList, keyOf, pairKey } from "./keys.js";

/** The unique indexes of each table (Users.email): a second row with the same values fails. */
const UNIQUES = new Map(
  collections.map((c) => [
    c.collection,
    getTableConfig(c.table)
      .indexes.filter((i) => i.config.unique)
      .map((i) => ({ name: i.config.name!, columns: i.config.columns.map((x) => (x as { name: string }).name) })),
  ]),
);
export const uniquesOf = (c: CollectionMapping) => UNIQUES.get(c.collection) ?? [];

/** One side of a junction: the keys of each array entry's owner and of what it names (0: no ObjectId). */
interface Entries {
  owner: KeyList;
  other: KeyList;
}

export class DryRunTarget implements Target {
  private readonly written = new Map<string, KeyList>();
  /** Per unique index, each value's row key. */
  private readonly unique = new Map<string, Map<string, bigint>>();
  private readonly entries = new Map<string, Entries[]>();
  private readonly tally = new ReadinessTally();
  private owner: { row: Record<string, unknown>; id: string } | null = null;

  constructor() {
    for (const t of REFERENCED_TABLES) this.written.set(t, new KeyList());
    for (const j of junctions)
      this.entries.set(
        j.name,
        j.sides.map(() => ({ owner: new KeyList(), other: new KeyList() })),
      );
  }

  async open(): Promise<void> {}

  /** A migration into an empty database finds nothing unchanged, and keeps no hashes. */
  async unchanged(): Promise<Unchanged> {
    return { unchanged: new Map(), hashes: new Map() };
  }

  /** Referenced tables are complete before the tables that point at them (foreign-key order). */
  async references(): Promise<Exists> {
    return (table, uuid) => this.written.get(table)?.has(keyOf(uuid)) ?? false;
  }

  async stubOwner(): Promise<string | null> {
    return this.owner?.id ?? null;
  }

  async write(c: CollectionMapping, items: Item[], _owner: string | null, reject: (item: Item, e: unknown) => void): Promise<Item[]> {
    const out: Item[] = [];
    for (const item of items) {
      const key = keyOf(item[0].id);
      const clash = this.uniqueClash(c, item[0], key);
      // PostgreSQL's own words, as the migration's error log would have them.
      if (clash) reject(item, new Error(`duplicate key value violates unique constraint "${clash}"`));
      else {
        this.remember(c, item[0], item[1], key);
        out.push(item);
      }
    }
    return out;
  }

  /** Unique values the target's rows hold already (--allow-existing): another document that repeats one fails. */
  holdsAlready(index: string, rows: readonly [string, unknown[]][]): void {
    const held = this.uniqueValues(index);
    for (const [id, v] of rows) held.set(JSON.stringify(v), keyOf(id));
  }

  async finish(c: CollectionMapping): Promise<void> {
    this.written.get(c.collection)?.seal();
  }

  /** Each junction as its sync into an empty target would end: distinct pairs whose two ends exist. */
  junctionResults(list: readonly JunctionMapping[]): Record<string, JunctionResult> {
    const out: Record<string, JunctionResult> = {};
    for (const j of list) {
      const pairs = new KeyList();
      let dangling = 0;
      for (const { side: i, selfFirst } of junctionSides(j)) {
        const { owner, other } = this.entries.get(j.name)![i]!;
        const far = this.written.get(j.columns[selfFirst ? 1 : 0]!.references)!;
        for (let e = 0; e < owner.length; e++) {
          const o = other.at(e);
          if (o !== 0n && far.has(o)) pairs.push(selfFirst ? pairKey(owner.at(e), o) : pairKey(o, owner.at(e)));
          else dangling++;
        }
      }
      const n = pairs.distinct();
      out[j.name] = { pairs: n, inserted: n, deleted: 0, dangling };
    }
    return out;
  }

  /** What today's NextCRM would make of the rows a migration would write (src/nextcrm/readiness.ts). */
  readiness(): Readiness {
    return this.tally.result();
  }

  /** A unique index another row holds this row's values in; the same id is the same row (an upsert). */
  private uniqueClash(c: CollectionMapping, t: Transformed, own: bigint): string | undefined {
    for (const u of uniquesOf(c)) {
      const values = u.columns.map((col) => t.row[col]);
      // PostgreSQL's unique indexes let NULLs repeat.
      if (values.some((v) => v === null || v === undefined)) continue;
      const holder = this.unique.get(u.name)?.get(JSON.stringify(values));
      if (holder !== undefined && holder !== own) return u.name;
    }
    return undefined;
  }

  private uniqueValues(index: string): Map<string, bigint> {
    let held = this.unique.get(index);
    if (!held) this.unique.set(index, (held = new Map()));
    return held;
  }

  /** What the migration's database would hold of this row: its key, unique values, array entries. */
  private remember(c: CollectionMapping, t: Transformed, doc: Document, own: bigint): void {
    this.written.get(c.collection)?.push(own);
    for (const u of uniquesOf(c)) {
      const values = u.columns.map((col) => t.row[col]);
      if (!values.some((v) => v === null || v === undefined)) this.uniqueValues(u.name).set(JSON.stringify(values), own);
    }
    for (const p of junctionPlaces(c)) {
      const arr = doc[p.field];
      if (!Array.isArray(arr)) continue;
      const side = this.entries.get(p.junction)![p.side]!;
      for (const e of arr) {
        side.owner.push(own);
        side.other.push(isObjectIdLike(e) ? keyOf(uuidFor(e)) : 0n);
      }
    }
    this.tally.add(c.collection, t.row, t.repairs);
    if (c.collection === STUB_OWNER.table && (!this.owner || ownerBefore(c, t.row, this.owner.row))) this.owner = { row: t.row, id: t.id };
  }
}

/** Whether `a` comes before `b` in the stub owner rule (src/map/stubs.ts, STUB_OWNER). */
function ownerBefore(c: CollectionMapping, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const [col, dir] of STUB_OWNER.order) {
    const date = c.columns.find((f) => f.field === col)?.conversion === "date";
    const value = (r: Record<string, unknown>) => {
      const v = r[col];
      return date && typeof v === "string" ? fromPgTimestamp(v).getTime() : typeof v === "boolean" ? Number(v) : v;
    };
    const x = value(a) as number | string;
    const y = value(b) as number | string;
    if (x === y) continue;
    return dir === "desc" ? x > y : x < y;
  }
  return false;
}
