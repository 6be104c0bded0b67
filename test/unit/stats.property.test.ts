// Stats, the one owner of a run's counts (src/migrate/stats.ts): whatever sequence of batches,
// interruptions, resumes and retries a migration makes, each document is counted once, with its
// last outcome. Per table, after every step a run completes:
//   read = migrated + repaired + failed, each counter never negative;
//   the failed list holds each failed document once, and as many as `failed` counts;
//   read counts the documents still at the source, migrated and repaired those whose last outcome
//   committed without and with repairs; repairs by kind and `unchanged` count this run's outcomes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyCheckpoint } from "../../src/migrate/checkpoint.js";
import { Stats } from "../../src/migrate/stats.js";

type Outcome = { type: "commit" | "unchanged"; kinds: string[] } | { type: "fail" };
type Op =
  /** A batch of documents read for the first time. */
  | { kind: "batch"; table: string; outcomes: Outcome[] }
  /** A batch whose failures a save caught before it committed (a junction sync saves whenever it ends), then read again by a resume. */
  | { kind: "interrupted"; table: string; before: boolean[]; outcomes: Outcome[] }
  /** --retry-failed: the failed documents read again by id; some no longer at the source. */
  | { kind: "retryFailed"; table: string; outcomes: (Outcome | { type: "gone" })[] }
  /** --retry-failed: committed documents read again because a reference they repaired can now be linked. */
  | { kind: "rereadCommitted"; table: string; picks: number[]; outcomes: Outcome[] }
  /** The process ends and a new one goes on from the checkpoint. */
  | { kind: "newRun" };

const TABLES = ["Users", "Tasks"];
const table = fc.constantFrom(...TABLES);
const kinds = fc.subarray(["stub", "danglingToNull", "redirect", "enumDefault"]);
const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.record({ type: fc.constantFrom("commit" as const, "unchanged" as const), kinds }),
  fc.constant({ type: "fail" as const }),
);
const outcomes = fc.array(outcome, { minLength: 1, maxLength: 6 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("batch" as const), table, outcomes }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("interrupted" as const),
      table,
      before: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      outcomes,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("retryFailed" as const),
      table,
      outcomes: fc.array(fc.oneof(outcome, fc.constant({ type: "gone" as const })), { minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("rereadCommitted" as const),
      table,
      picks: fc.uniqueArray(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }),
      outcomes,
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "newRun" as const }) },
);

/** What each document's last outcome is, per table, and what this run counted: the expected numbers. */
class Model {
  readonly docs = new Map<string, Map<string, { failed: true } | { failed: false; kinds: string[] }>>(TABLES.map((t) => [t, new Map()]));
  unchanged = new Map<string, number>();
  repairs = new Map<string, Record<string, number>>();
  next = 0;

  newRun() {
    this.unchanged = new Map();
    this.repairs = new Map();
  }
  committed(t: string, id: string, o: { type: "commit" | "unchanged"; kinds: string[] }) {
    this.docs.get(t)!.set(id, { failed: false, kinds: o.kinds });
    if (o.type === "unchanged") this.unchanged.set(t, (this.unchanged.get(t) ?? 0) + 1);
    const r = this.repairs.get(t) ?? {};
    for (const k of o.kinds) r[k] = (r[k] ?? 0) + 1;
    this.repairs.set(t, r);
  }
}

/** Runs `op` on `stats` as src/migrate/tables.ts does (failures, then the batch's read, then its commits); the Stats to go on with. */
function apply(stats: Stats, cp: ReturnType<typeof emptyCheckpoint>, model: Model, op: Op): Stats {
  if (op.kind === "newRun") {
    model.newRun();
    return new Stats(cp);
  }
  const t = op.table;
  const st = stats.table(t, 0);
  const docs = model.docs.get(t)!;
  const settle = (id: string, o: Outcome, earlier?: string[]) => {
    if (o.type === "fail") return;
    if (earlier) stats.reread(st, earlier);
    if (o.type === "unchanged") stats.unchanged(t, st, () => id, o.kinds);
    else stats.committed(t, st, () => id, o.kinds);
    model.committed(t, id, o);
  };
  const fail = (id: string, earlier?: string[]) => {
    if (earlier) stats.reread(st, earlier);
    const listed = docs.get(id)?.failed === true;
    expect(stats.failed(t, st, id), `${id} counted once`).toBe(!listed);
    docs.set(id, { failed: true });
  };
  const readBatch = (batch: readonly (readonly [string, Outcome])[]) => {
    for (const [id, o] of batch) if (o.type === "fail") fail(id);
    stats.read(st, batch.length);
    for (const [id, o] of batch) settle(id, o);
  };
  switch (op.kind) {
    case "batch": {
      const batch = op.outcomes.map((o) => [`${t}-${model.next++}`, o] as const);
      readBatch(batch);
      break;
    }
    case "interrupted": {
      const batch = op.outcomes.map((o) => [`${t}-${model.next++}`, o] as const);
      // Failed and listed, the batch neither committed nor counted as read: the save caught it half way.
      for (const [i, [id]] of batch.entries()) if (op.before[i]) fail(id);
      // The resume reads the batch again, from the cursor before it.
      readBatch(batch);
      break;
    }
    case "retryFailed": {
      const ids = [...stats.failedIds(t)];
      const plan = ids.map((id, i) => [id, op.outcomes[i % op.outcomes.length]!] as const);
      for (const [id, o] of plan) if (o.type === "fail") fail(id);
      for (const [id, o] of plan) if (o.type !== "fail" && o.type !== "gone") settle(id, o);
      const gone = plan.filter(([, o]) => o.type === "gone").map(([id]) => id);
      stats.gone(t, st, gone);
      for (const id of gone) docs.delete(id);
      break;
    }
    case "rereadCommitted": {
      const committed = [...docs].filter(([, d]) => !d.failed).map(([id, d]) => [id, (d as { kinds: string[] }).kinds] as const);
      if (!committed.length) break;
      const chosen = [...new Set(op.picks.map((p) => committed[p % committed.length]!))];
      const plan = chosen.map(([id, earlier], i) => [id, earlier, op.outcomes[i % op.outcomes.length]!] as const);
      for (const [id, earlier, o] of plan) if (o.type === "fail") fail(id, earlier);
      for (const [id, earlier, o] of plan) if (o.type !== "fail") settle(id, o, earlier);
      break;
    }
  }
  return stats;
}

function expectInvariant(stats: Stats, model: Model, after: string) {
  for (const t of TABLES) {
    const st = stats.table(t, 0);
    const docs = [...model.docs.get(t)!.entries()];
    const at = `${t} after ${after}`;
    for (const n of [st.read, st.migrated, st.repaired, st.failed, st.unchanged]) expect(n, at).toBeGreaterThanOrEqual(0);
    expect(st.read, at).toBe(st.migrated + st.repaired + st.failed);
    const failed = stats.failedIds(t);
    expect(new Set(failed).size, `${at}: each failed id listed once`).toBe(failed.length);
    expect(failed.length, at).toBe(st.failed);
    expect(new Set(failed), at).toEqual(new Set(docs.filter(([, d]) => d.failed).map(([id]) => id)));
    expect(st.read, at).toBe(docs.length);
    expect(st.migrated, at).toBe(docs.filter(([, d]) => !d.failed && !d.kinds.length).length);
    expect(st.repaired, at).toBe(docs.filter(([, d]) => !d.failed && d.kinds.length).length);
    expect(st.unchanged, at).toBe(model.unchanged.get(t) ?? 0);
    expect(st.repairs, at).toEqual(model.repairs.get(t) ?? {});
  }
}

describe("Stats", () => {
  it("counts each document once, with its last outcome, through any sequence of a run's steps", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const cp = emptyCheckpoint("", "");
        const model = new Model();
        let stats = new Stats(cp);
        ops.forEach((o, i) => {
          stats = apply(stats, cp, model, o);
          expectInvariant(stats, model, `step ${i} (${o.kind})`);
        });
      }),
      { numRuns: 300 },
    );
  });
});
