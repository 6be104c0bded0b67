// The table scheduler: several tables at once, never one before a table it references.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { collections } from "../../src/map/collections.js";
import type { StopSignal } from "../../src/lanes.js";
import { migrationOrder, runByDependencies, tableDependencies } from "../../src/migrate/order.js";
import type { CollectionMapping } from "../../src/map/types.js";

const order = migrationOrder(collections);
const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await null;
};

describe("runByDependencies", () => {
  it("runs every table once, two at a time, each after every table it references", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(40), { minLength: order.length, maxLength: order.length }), async (delays) => {
        const done = new Set<string>();
        const finished = new Set<string>();
        const started: string[] = [];
        let running = 0;
        let most = 0;
        await runByDependencies(
          order,
          done,
          2,
          async (c) => {
            for (const d of tableDependencies(c)) expect(finished, `${c.collection} started before ${d} finished`).toContain(d);
            started.push(c.collection);
            most = Math.max(most, ++running);
            await ticks(delays[order.indexOf(c)]!);
            running--;
            finished.add(c.collection);
            done.add(c.collection);
          },
          () => false,
        );
        expect(started.sort()).toEqual(order.map((c) => c.collection).sort());
        expect(most).toBe(2);
      }),
      { numRuns: 50 },
    );
  });

  it("skips the tables already done and ignores references to tables it was not given", async () => {
    const tasks = order.find((c) => c.collection === "Tasks")!;
    const comments = order.find((c) => c.collection === "tasksComments")!;
    const ran: string[] = [];
    const done = new Set(["Tasks"]);
    await runByDependencies(
      [tasks, comments],
      done,
      2,
      async (c) => void ran.push(c.collection),
      () => false,
    );
    expect(ran).toEqual(["tasksComments"]); // its other references (Users, ...) are not among the tables
  });

  it("starts nothing after a failure, stops the other running table, and throws once it stopped", async () => {
    const log: string[] = [];
    const done = new Set<string>();
    const failure = new Error("disk full");
    let otherStop: StopSignal | undefined;
    const run = async (c: CollectionMapping, stop: StopSignal) => {
      log.push(`start ${c.collection}`);
      if (c.collection === order[0]!.collection) {
        // The first table fails while the second (independent) one is running.
        await ticks(5);
        throw failure;
      }
      otherStop = stop;
      while (!stop.requested) await ticks(1);
      await ticks(20);
      log.push(`stopped ${c.collection}`);
    };
    const independent = order.filter((c) => tableDependencies(c).length === 0);
    await expect(runByDependencies(independent, done, 2, run, () => false)).rejects.toBe(failure);
    expect(otherStop?.requested).toBe(true);
    expect(log).toEqual([
      `start ${independent[0]!.collection}`,
      `start ${independent[1]!.collection}`,
      `stopped ${independent[1]!.collection}`,
    ]);
  });

  it("starts nothing once halted, and finishes the tables already running", async () => {
    let halted = false;
    const ran: string[] = [];
    await runByDependencies(
      order,
      new Set(),
      2,
      async (c, stop) => {
        ran.push(c.collection);
        halted = true;
        expect(stop.requested).toBe(true);
      },
      () => halted,
    );
    expect(ran).toHaveLength(1);
  });

  it("says which tables cannot start when a table they reference was left unfinished", async () => {
    const users = order.find((c) => c.collection === "Users")!;
    const boards = order.find((c) => c.collection === "Boards")!;
    // Users returns without being done (a table the run could not finish): Boards would wait forever.
    await expect(
      runByDependencies(
        [users, boards],
        new Set(),
        2,
        async () => {},
        () => false,
      ),
    ).rejects.toThrow("no table can start: Boards");
  });
});
