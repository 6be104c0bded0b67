// The seed's quirks that fail a document, fixed as a user would fix them at the source: the demo
// shows it, and the tests hold a retry after it to a fresh migration of the fixed source.
import { ObjectId, type Db, type Document } from "mongodb";
import { OBJECT_ID_HEX } from "../identity.js";
import { collectionNamed } from "../map/collections.js";
import { STUB_OWNER } from "../map/stubs.js";

/**
 * The smallest change that lets each failed document migrate, applied in MongoDB; one line per
 * document saying what changed. A missing required value gets a placeholder the user can find
 * later (a missing user: the administrator who joined first); an amount beyond the 32-bit column
 * gets the largest the column holds. Anything else is left for a human, and said so.
 */
export async function fixAtSource(db: Db, failures: readonly { table: string; mongoId: string; message: string }[]): Promise<string[]> {
  const changes: string[] = [];
  for (const f of failures) {
    const field = f.message.split(":")[0]!;
    const column = collectionNamed(f.table)?.columns.find((c) => c.field === field);
    const doc = OBJECT_ID_HEX.test(f.mongoId) ? await db.collection(f.table).findOne({ _id: new ObjectId(f.mongoId) } as Document) : null;
    let value: unknown;
    if (column && doc && /required, but (missing|null)/.test(f.message)) {
      // A missing date takes the document's creation time: the same fix on every run.
      const created = doc._id instanceof ObjectId ? doc._id.getTimestamp() : undefined;
      const placeholders: Record<string, unknown> = {
        string: "(unknown)",
        int: 0,
        boolean: false,
        date: created,
        enum: column.enumValues?.[0],
      };
      value = placeholders[column.conversion];
      if (column.conversion === "objectId" && column.references === "Users") {
        // The user the stub owner rule names (src/map/stubs.ts), as the source orders them.
        const order = Object.fromEntries(
          STUB_OWNER.order.map(([col, dir]) => [col === "id" ? "_id" : col, dir === "desc" ? -1 : 1] as const),
        );
        value = (await db.collection(STUB_OWNER.table).find().sort(order).limit(1).next())?._id;
      }
    } else if (column && doc && /does not fit a 32-bit integer column/.test(f.message)) {
      value = Number(String(doc[field])) < 0 ? -(2 ** 31) : 2 ** 31 - 1;
    }
    if (value === undefined) {
      changes.push(`${f.table} ${f.mongoId}: left as it is (${f.message}); this one needs a human`);
      continue;
    }
    await db.collection(f.table).updateOne({ _id: doc!._id }, { $set: { [field]: value } });
    const shown = value instanceof ObjectId ? `${value.toHexString()} (the administrator who joined first)` : JSON.stringify(value);
    changes.push(`${f.table} ${f.mongoId}: ${field} ${doc![field] === undefined ? "missing" : String(doc![field])} → ${shown}`);
  }
  return changes;
}
