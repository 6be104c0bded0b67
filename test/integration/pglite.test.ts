// `schema apply` on PGlite, an embedded PostgreSQL that bundles pgvector: the same comparison with
// NextCRM's release schema as on the server, with `vector` enabled.
import { PGlite } from "@electric-sql/pglite";
import { uuid_ossp } from "@electric-sql/pglite/contrib/uuid_ossp";
import { vector } from "@electric-sql/pglite/vector";
import { describe, expect, it } from "vitest";
import type { Query } from "../../src/postgres/catalog.js";
import { readMigrations } from "../../src/postgres/history.js";
import { applySchema, type Transactional } from "../../src/postgres/schemaApply.js";
import { allowedDifferences, releaseDifferences } from "../helpers/release.js";

const queryOf =
  (db: Pick<PGlite, "query">): Query =>
  async (text, params) =>
    (await db.query(text, params)).rows as never;
const transactional = (db: PGlite): Transactional => ({ transaction: (fn) => db.transaction((tx) => fn(queryOf(tx))) });

describe("the schema on PGlite", () => {
  it("applies NextCRM's release schema exactly, with the vector and uuid-ossp extensions, twice", async () => {
    const db = new PGlite({ extensions: { vector, uuid_ossp } });
    try {
      const first = await applySchema(transactional(db));
      expect(first.extensions).toEqual(["uuid-ossp", "vector"]);
      // Every migration, in order (test/unit/history.test.ts pins the list).
      expect(first.ran).toEqual(readMigrations().map((m) => m.tag));
      const second = await applySchema(transactional(db));
      expect(second.ran).toEqual([]);
      const { differences } = await releaseDifferences(queryOf(db));
      expect(differences.sort()).toEqual(allowedDifferences(["uuid-ossp", "vector"]).sort());
      // vector works next to the migrated tables (NextCRM's later embeddings).
      const v = await db.query<{ d: number }>(`select '[1,2,3]'::vector <-> '[1,2,4]'::vector as d`);
      expect(v.rows[0]!.d).toBe(1);
    } finally {
      await db.close();
    }
  });
});
