// Opens MongoDB read side; the tool never writes to the source (only `seed` writes, on purpose).
import { MongoClient, type Db } from "mongodb";
import { unreachable } from "../errors.js";

export interface Source {
  client: MongoClient;
  db: Db;
}

/** Connects and pings, so a wrong host fails here with exit 3 instead of mid-run. */
export async function openMongo(url: string, dbName: string): Promise<Source> {
  // Options in the URL (timeouts, TLS) win: the driver reads them, and these are only defaults.
  const inUrl = (key: string) => new RegExp(`[?&]${key}=`, "i").test(url);
  const client = new MongoClient(url, {
    ...(inUrl("serverSelectionTimeoutMS") ? {} : { serverSelectionTimeoutMS: 10_000 }),
    ...(inUrl("connectTimeoutMS") ? {} : { connectTimeoutMS: 10_000 }),
    ...(inUrl("appName") ? {} : { appName: "nextcrm-migrate" }),
  });
  try {
    await client.connect();
    const db = client.db(dbName);
    await db.command({ ping: 1 });
    return { client, db };
  } catch (e) {
    await client.close().catch(() => {});
    throw unreachable("MongoDB", url, e);
  }
}
