// A bad record costs only itself: a batch whose write fails for its data is halved until each
// failing record stands alone (docs/ARCHITECTURE.md, "The run").
import { isDataError } from "../errors.js";

/**
 * Writes `items` with `write` (one transaction each call). When a write fails with a data error
 * (src/errors.ts), its items are halved and written again, until each failing item stands alone
 * and is handed to `reject` with its error. Resolves to the items that committed, in order. Any
 * other error is thrown as it is: it is no single record's fault.
 */
export async function writeIsolating<T>(
  items: T[],
  write: (items: T[]) => Promise<void>,
  reject: (item: T, error: unknown) => void,
): Promise<T[]> {
  if (!items.length) return [];
  try {
    await write(items);
    return items;
  } catch (e) {
    if (!isDataError(e)) throw e;
    if (items.length === 1) {
      reject(items[0]!, e);
      return [];
    }
    const mid = Math.ceil(items.length / 2);
    const first = await writeIsolating(items.slice(0, mid), write, reject);
    return [...first, ...(await writeIsolating(items.slice(mid), write, reject))];
  }
}
