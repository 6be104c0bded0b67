// Fresh, isolated databases on the run's real servers: one PostgreSQL database and one MongoDB
// database per test that asks, dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject, onTestFinished } from "vitest";
import { MongoClient } from "mongodb";

const name = () => `t_${randomBytes(6).toString("hex")}`;

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** A new empty PostgreSQL database; dropped when the test finishes. */
export async function freshPostgres(): Promise<string> {
  const admin = inject("postgresUrl");
  const db = name();
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database "${db}"`);
  await sql.end();
  onTestFinished(async () => {
    const s = postgres(admin, { max: 1, onnotice: () => {} });
    await s.unsafe(`drop database if exists "${db}" with (force)`);
    await s.end();
  });
  return withDatabase(admin, db);
}

/** A MongoDB URL naming a database nobody has used; dropped when the test finishes. */
export function freshMongo(): string {
  const url = withDatabase(inject("mongoUrl"), name());
  onTestFinished(async () => {
    const c = new MongoClient(url);
    await c.db().dropDatabase().catch(() => {});
    await c.close();
  });
  return url;
}
