// Many-to-many links as the app wires them: stored on both sides, computed from either side.
// Side A (the junction's first column) holds few links per document; side B's array is the exact
// inverse, found arithmetically, so both sides stream out without holding the relation in memory.
import type { ObjectId } from "mongodb";
import type { JunctionMapping } from "../map/types.js";
import type { Plan } from "./plan.js";
import { hashString, unit } from "./random.js";

const MAX_DEGREE = 3;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: number, m: number): number {
  let [r0, r1, s0, s1] = [a, m, 1, 0];
  while (r1) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const mod = (x: number, m: number) => ((x % m) + m) % m;

export interface LinkQuirks {
  /** Share of pairs written on one side only (the two arrays disagree). */
  oneSided: number;
}

export class Links {
  readonly a: string;
  readonly b: string;
  private readonly nA: number;
  private readonly nB: number;
  private readonly p: number;
  private readonly pInv: number;
  private readonly q: number;
  private readonly off: number;
  private readonly key: number;

  constructor(
    private readonly seed: number,
    readonly junction: JunctionMapping,
    plan: Plan,
    private readonly quirks: LinkQuirks,
  ) {
    this.a = junction.columns[0]!.references;
    this.b = junction.columns[1]!.references;
    this.nA = plan.get(this.a) ?? 0;
    this.nB = plan.get(this.b) ?? 0;
    this.key = hashString(junction.name);
    const nB = Math.max(this.nB, 1);
    this.p = [7919, 104729, 1299709, 15485863].map((p) => p % nB).find((p) => p > 0 && gcd(p, nB) === 1) ?? 1;
    this.pInv = nB === 1 ? 0 : modInverse(this.p, nB);
    this.q = Math.floor(nB / MAX_DEGREE) + 1;
    this.off = this.key % nB;
  }

  private degree(a: number): number {
    const u = unit(this.seed, this.key, a);
    return u < 0.4 ? 0 : u < 0.75 ? 1 : u < 0.93 ? 2 : 3;
  }

  /** -1: the pair is only in A's array, 1: only in B's, 0: in both. */
  private sided(a: number, b: number): number {
    if (unit(this.seed, this.key, a, b, 1) >= this.quirks.oneSided) return 0;
    return unit(this.seed, this.key, a, b, 2) < 0.5 ? -1 : 1;
  }

  /** Ordinals in B that document `a` of A links to. */
  private forward(a: number): number[] {
    if (this.nB === 0) return [];
    const out = new Set<number>();
    for (let t = 0; t < this.degree(a); t++) out.add(mod(a * this.p + t * this.q + this.off, this.nB));
    return [...out];
  }

  /** Ordinals in A whose forward set holds `b`. */
  private inverse(b: number): number[] {
    const out = new Set<number>();
    for (let t = 0; t < MAX_DEGREE; t++) {
      const a0 = this.nB === 1 ? 0 : mod((b - t * this.q - this.off) * this.pInv, this.nB);
      for (let a = a0; a < this.nA; a += this.nB) if (this.degree(a) > t) out.add(a);
    }
    return [...out].sort((x, y) => x - y);
  }

  /** The array stored on document `i` of `side` ("a" or "b"), as ObjectIds. */
  arrayFor(side: "a" | "b", i: number, idOf: (collection: string, i: number) => ObjectId): ObjectId[] {
    if (side === "a")
      return this.forward(i)
        .filter((b) => this.sided(i, b) <= 0)
        .map((b) => idOf(this.b, b));
    return this.inverse(i)
      .filter((a) => this.sided(a, i) >= 0)
      .map((a) => idOf(this.a, a));
  }
}
