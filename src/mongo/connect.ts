// Opens MongoDB read side; the tool never writes to the source (only `seed` writes, on purpose).
import { MongoClient, type Db } from "mongodb";
import { MigrateError, unreachable } from "../errors.js";
import { collectionNamed } from "../map/collections.js";
import { scrub } from "../mask.js";

export interface Source {
  client: MongoClient;
  db: Db;
}

/** Connects and pings, so a wrong host fails here with exit 3 instead of mid-run. */
export async function openMongo(url: string, dbName: string): Promise<Source> {
  // Options in the URL (timeouts, TLS) win: the driver reads them, and these are only defaults.
  const inUrl = (key: string) => new RegExp(`[?&]${key}=`, "i").test(url);
  let client: MongoClient;
  try {
    client = new MongoClient(url, {
      ...(inUrl("serverSelectionTimeoutMS") ? {} : { serverSelectionTimeoutMS: 10_000 }),
      ...(inUrl("connectTimeoutMS") ? {} : { connectTimeoutMS: 10_000 }),
      ...(inUrl("appName") ? {} : { appName: "nextcrm-migrate" }),
    });
  } catch (e) {
    // The driver parses the URL here: an unknown option, a bad value.
    throw new MigrateError("BAD_URL", `MongoDB URL refused by the driver: ${scrub((e as Error).message)}; fix --mongo or MONGODB_URL.`);
  }
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

/**
 * A source with none of NextCRM's collections is a wrong database name, not an empty CRM: a
 * migration of it would finish "complete" and its validation "passed", with nothing moved. Only
 * the collections the user may read are listed, so a role that reads NextCRM's alone passes.
 */
export async function requireNextcrm(db: Db): Promise<void> {
  const names = (await db.listCollections({}, { nameOnly: true, authorizedCollections: true }).toArray()).map((c) => c.name);
  if (names.some((n) => collectionNamed(n))) return;
  const holds = names.length
    ? `it holds only ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}`
    : "it holds no collections";
  throw new MigrateError(
    "EMPTY_SOURCE",
    `MongoDB database "${db.databaseName}" has none of NextCRM's collections (${holds}); check the database name in --mongo or MONGODB_URL.`,
  );
}
