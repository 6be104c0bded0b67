// A dry run's memory of which rows a migration would have written: 8 bytes per row, not the row's
// id as a string in a Set, so that memory stays small at millions of documents (docs/ARCHITECTURE.md,
// "The dry run").

/**
 * 63 of a UUID's random bits (UUIDv5 is SHA-1: its bits are uniform), never 0. Two ids share a
 * key with probability 2^-63: at a million rows against a million references, 1 in 10^7 runs.
 */
export function keyOf(uuid: string): bigint {
  return BigInt(`0x${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(24, 28)}`) | 1n;
}

/** An append-only list of keys; sealed (sorted) once complete, then asked for membership. */
export class KeyList {
  private keys = new BigUint64Array(1024);
  private size = 0;
  private sealed = false;

  push(key: bigint): void {
    if (this.sealed) throw new Error("KeyList: sealed");
    if (this.size === this.keys.length) {
      const more = new BigUint64Array(this.keys.length * 2);
      more.set(this.keys);
      this.keys = more;
    }
    this.keys[this.size++] = key;
  }

  at(i: number): bigint {
    return this.keys[i]!;
  }

  get length(): number {
    return this.size;
  }

  seal(): this {
    if (!this.sealed) {
      this.keys = this.keys.slice(0, this.size).sort();
      this.sealed = true;
    }
    return this;
  }

  /** Binary search; only once sealed (a table is asked about once it is complete). */
  has(key: bigint): boolean {
    if (!this.sealed) throw new Error("KeyList: asked before it was sealed");
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = this.keys[mid]!;
      if (k === key) return true;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** How many different keys (sealed). */
  distinct(): number {
    this.seal();
    let n = 0;
    for (let i = 0; i < this.size; i++) if (i === 0 || this.keys[i] !== this.keys[i - 1]) n++;
    return n;
  }
}

const MIX = 0x9e3779b97f4a7c15n;

/** One key for a junction pair in column order; distinct pairs collide with probability ~2^-64. */
export const pairKey = (k0: bigint, k1: bigint): bigint => BigInt.asUintN(64, k0 * MIX) ^ k1;
