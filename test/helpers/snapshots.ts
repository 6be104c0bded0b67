// Fingerprints of whole databases, for "nothing changed" and "identical to a clean run".
import { createHash } from "node:crypto";
import { getTableConfig } from "drizzle-orm/pg-core";
import { BSON, MongoClient } from "mongodb";
import postgres from "postgres";
import { dataTables as mapped } from "../../src/map/collections.js";
import { unmapped } from "../../src/schema/unmapped.js";
import { qualifiedName } from "../../src/postgres/schemaModel.js";

/** The tables that hold migrated data (not `_prisma_migrations`, whose row is each database's own). */
const dataTables = [...mapped, unmapped];

/** md5 of every row of every data table, in primary-key order. */
export async function tableHashes(url: string): Promise<Record<string, string>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const out: Record<string, string> = {};
    for (const table of dataTables) {
      const cfg = getTableConfig(table);
      const pk = cfg.primaryKeys[0]?.columns.map((c) => c.name) ?? ["id"];
      const order = pk.map((c) => `t."${c}"`).join(", ");
      const [row] = await sql.unsafe<{ h: string | null; n: number }[]>(
        `select md5(string_agg(t::text, '|' order by ${order})) as h, count(*)::int as n from ${qualifiedName(table)} t`,
      );
      out[cfg.schema ? `${cfg.schema}.${cfg.name}` : cfg.name] = `${row!.n}:${row!.h ?? "-"}`;
    }
    return out;
  } finally {
    await sql.end();
  }
}

/** One hash of tableHashes: the bench's `rows_fingerprint`, which a change that must not change the rows keeps. */
export async function rowsFingerprint(url: string): Promise<string> {
  return createHash("sha256")
    .update(JSON.stringify(Object.entries(await tableHashes(url)).sort()))
    .digest("hex");
}

export async function rowCounts(url: string): Promise<Record<string, number>> {
  const hashes = await tableHashes(url);
  return Object.fromEntries(Object.entries(hashes).map(([t, h]) => [t, Number(h.split(":")[0])]));
}

/**
 * Inserts, updates and deletes the server has counted on our tables (pg_stat_user_tables); with
 * `allSchemas`, also on the migrator's own machinery (the junction stage).
 */
export async function writeCounters(url: string, { allSchemas = false } = {}): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Statistics are flushed by each backend at exit and at most once a second; wait for them.
    await new Promise((r) => setTimeout(r, 1500));
    await sql`select pg_stat_clear_snapshot()`;
    const [row] = await sql<{ n: string }[]>`
      select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as n from pg_stat_user_tables where ${allSchemas} or schemaname = 'public'`;
    return Number(row!.n);
  } finally {
    await sql.end();
  }
}

/** sha256 of every document of every collection, in _id order. */
export async function sourceHash(url: string): Promise<string> {
  const client = new MongoClient(url);
  try {
    const h = createHash("sha256");
    for (const name of (await client.db().listCollections().toArray()).map((c) => c.name).sort()) {
      h.update(name);
      for await (const doc of client.db().collection(name).find().sort({ _id: 1 })) h.update(BSON.serialize(doc));
    }
    return h.digest("hex");
  } finally {
    await client.close();
  }
}

/** Every relation outside the system schemas (a run that must create nothing is held to it). */
export async function relations(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ r: string }[]>`
      select n.nspname || '.' || c.relname || ':' || c.relkind::text as r from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' order by 1`;
    return rows.map((x) => x.r);
  } finally {
    await sql.end();
  }
}
