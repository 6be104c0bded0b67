// Deterministic randomness: every document draws from its own stream, keyed by (seed, collection,
// ordinal), so any document can be generated alone, in any order, on any machine.

/** 32-bit mix of any number of integers (murmur3's finaliser applied per word). */
export function hash(...words: number[]): number {
  let h = 0x9e3779b9;
  for (const w of words) {
    h = Math.imul(h ^ (w >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a of a string, to turn names into hash words. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A uniform float in [0, 1) from a hash, for one-off decisions. */
export const unit = (...words: number[]) => hash(...words) / 2 ** 32;

/** mulberry32: small, fast, and good enough for synthetic data. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  hex(chars: number): string {
    let s = "";
    while (s.length < chars) s += this.int(0x10000).toString(16).padStart(4, "0");
    return s.slice(0, chars);
  }
}
