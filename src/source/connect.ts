// Opens MongoDB read side; the tool never writes to the source (only `seed` writes, on purpose).
import { MongoClient, type Db } from "mongodb";
import { unreachable } from "../target/connect.js";

export interface Source {
  client: MongoClient;
  db: Db;
}

/** Connects and pings, so a wrong host fails here with exit 3 instead of mid-run. */
export async function openMongo(url: string, dbName: string): Promise<Source> {
  const client = new MongoClient(url, {
    serverSelectionTimeoutMS: 10_000,
    connectTimeoutMS: 10_000,
    appName: "nextcrm-migrate",
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
