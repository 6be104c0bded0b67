// The reference probe against a real PostgreSQL: a batch's answer must not change when the bounded
// cache of known ids forgets some of them while the batch's own finds are added.
import { ObjectId } from "mongodb";
import { describe, expect, it } from "vitest";
import { uuidFor } from "../../src/identity.js";
import { collectionNamed } from "../../src/map/collections.js";
import { openPostgres } from "../../src/postgres/connect.js";
import { existingReferences, KnownIds } from "../../src/postgres/references.js";
import { freshTarget } from "../helpers/databases.js";

describe("existingReferences", () => {
  it("still finds an id the cache knew when asked, after the cache forgot it", async () => {
    const sql = await openPostgres(await freshTarget(), { max: 2 });
    try {
      const [known, found1, found2, ghost] = [new ObjectId(), new ObjectId(), new ObjectId(), new ObjectId()];
      for (const [i, u] of [known, found1, found2].entries()) {
        await sql`insert into "Users" (id, email) values (${uuidFor(u)}, ${`user${i}@example.com`})`;
      }
      // A cache of two ids: it forgets `known` as soon as this batch's two finds are added.
      const cache = new KnownIds(2);
      cache.add("Users", uuidFor(known));
      const comments = collectionNamed("tasksComments")!;
      const docs = [known, found1, found2, ghost].map((user) => ({ _id: new ObjectId(), user }));
      const exists = await existingReferences(sql, comments, docs, cache);
      expect(exists("Users", uuidFor(known))).toBe(true);
      expect(exists("Users", uuidFor(found1))).toBe(true);
      expect(exists("Users", uuidFor(found2))).toBe(true);
      expect(exists("Users", uuidFor(ghost))).toBe(false);
      // The next batch asks again and gets the same answers, from the cache or the table.
      const again = await existingReferences(sql, comments, docs, cache);
      expect([known, found1, found2, ghost].map((u) => again("Users", uuidFor(u)))).toEqual([true, true, true, false]);
    } finally {
      await sql.end();
    }
  });
});
