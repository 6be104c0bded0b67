// Fresh, isolated databases on the run's real servers: a PostgreSQL database and a MongoDB
// database per test (or per file, for the `new*` forms used in beforeAll), dropped afterwards.
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import postgres from "postgres";
import { inject, onTestFinished } from "vitest";
import { seedDatabase, type SeedOptions } from "../../src/seed/seed.js";

const name = () => `t_${randomBytes(6).toString("hex")}`;

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface Disposable {
  url: string;
  drop(): Promise<void>;
}

/** A new empty PostgreSQL database, or with `schema` a clone of the template that has the schema applied. */
export async function newPostgres({ schema = false } = {}): Promise<Disposable> {
  const admin = inject("postgresUrl");
  const db = name();
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`create database "${db}"${schema ? ` template "${inject("templateDb")}"` : ""}`);
  await sql.end();
  return {
    url: withDatabase(admin, db),
    async drop() {
      const s = postgres(admin, { max: 1, onnotice: () => {} });
      await s.unsafe(`drop database if exists "${db}" with (force)`);
      await s.end();
    },
  };
}

export function newMongo(): Disposable {
  const url = withDatabase(inject("mongoUrl"), name());
  return {
    url,
    async drop() {
      const c = new MongoClient(url);
      await c
        .db()
        .dropDatabase()
        .catch(() => {});
      await c.close();
    },
  };
}

/** A new empty PostgreSQL database; dropped when the test finishes. */
export async function freshPostgres(): Promise<string> {
  const d = await newPostgres();
  onTestFinished(d.drop);
  return d.url;
}

/** A new PostgreSQL database with the schema applied (as `schema apply` leaves it); dropped when the test finishes. */
export async function freshTarget(): Promise<string> {
  const d = await newPostgres({ schema: true });
  onTestFinished(d.drop);
  return d.url;
}

/** A MongoDB URL naming a database nobody has used; dropped when the test finishes. */
export function freshMongo(): string {
  const d = newMongo();
  onTestFinished(d.drop);
  return d.url;
}

/** Seeds the database a MongoDB URL names (its path), as `seed --mongo <url>` would. */
export function seedInto(url: string, opts: Omit<SeedOptions, "mongoUrl" | "mongoDb">) {
  return seedDatabase({ mongoUrl: url, mongoDb: new URL(url).pathname.slice(1), ...opts });
}
