// The ObjectId arrays that feed a junction, read straight from MongoDB (ids only): the
// validator's own view of the pairs, independent of what the migrator staged.
import type { Db } from "mongodb";
import { isObjectIdLike, uuidFor } from "../identity.js";
import type { JunctionMapping } from "../map/types.js";
import { READ_OPTIONS } from "./read.js";

/** One array entry as a pair in the junction's column order; an entry that is no ObjectId has a null end. */
export interface Pair {
  c0: string | null;
  c1: string | null;
}

/** Both sides' arrays of `j`, as pairs, about `size` at a time. */
export async function* junctionPairs(db: Db, j: JunctionMapping, size: number): AsyncGenerator<Pair[]> {
  const c0 = j.columns[0]!;
  for (const side of j.sides) {
    const selfFirst = side.field.selfColumn === c0.name;
    const cursor = db
      .collection(side.collection)
      .find({ [side.field.field]: { $exists: true } }, { ...READ_OPTIONS, projection: { _id: 1, [side.field.field]: 1 }, batchSize: size });
    let pairs: Pair[] = [];
    for await (const doc of cursor) {
      const arr = doc[side.field.field];
      if (!Array.isArray(arr) || arr.length === 0) continue;
      const owner = uuidFor(doc._id);
      for (const e of arr) {
        const other = isObjectIdLike(e) ? uuidFor(e) : null;
        pairs.push(selfFirst ? { c0: owner, c1: other } : { c0: other, c1: owner });
      }
      if (pairs.length >= size) {
        yield pairs;
        pairs = [];
      }
    }
    if (pairs.length) yield pairs;
  }
}
