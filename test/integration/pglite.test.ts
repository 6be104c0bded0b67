// The generated schema applies on PGlite, an embedded PostgreSQL that bundles pgvector.
import { PGlite } from "@electric-sql/pglite";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { vector } from "@electric-sql/pglite/vector";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "../../src/target/schemaApply.js";

describe("the schema on PGlite", () => {
  it("applies with the vector and uuid-ossp extensions enabled", async () => {
    const db = new PGlite({ extensions: { vector, uuid_ossp } });
    await db.exec(`create extension if not exists vector; create extension if not exists "uuid-ossp";`);
    await migrate(drizzle(db), { migrationsFolder: MIGRATIONS_FOLDER });
    const tables = await db.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables.rows[0]!.n).toBe(40);
    const ext = await db.query<{ extname: string }>(`select extname from pg_extension order by extname`);
    expect(ext.rows.map((r) => r.extname)).toEqual(expect.arrayContaining(["uuid-ossp", "vector"]));
    // vector works next to the migrated tables (NextCRM's later embeddings).
    const v = await db.query<{ d: number }>(`select '[1,2,3]'::vector <-> '[1,2,4]'::vector as d`);
    expect(v.rows[0]!.d).toBe(1);
    await db.close();
  });
});
