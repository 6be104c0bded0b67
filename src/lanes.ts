// Work items run a few at a time: the tables of a run (two lanes) and the junction syncs (two
// connections) share this one primitive.

/** Read by running work after each step (a batch): true once it should stop where it stands. */
export interface StopSignal {
  readonly requested: boolean;
}

/** What `take` answers when nothing can start now, but something may once running work ends. */
export const WAIT = Symbol("wait");

/**
 * Runs `work` on what `take` hands out, at most `n` at a time, until `take` has nothing more
 * (`undefined`). `take` is told how many items are running, and may answer WAIT while some are:
 * the lane sleeps until one ends. Nothing new starts once `halted()` holds or an item failed; the
 * `stop` each item is given says so, and a failure (of `take` or `work`) is thrown once every
 * running item has ended; of several, the failure of the lowest-numbered lane.
 */
export async function lanes<T>(
  n: number,
  take: (running: number) => T | undefined | typeof WAIT,
  work: (item: T, stop: StopSignal) => Promise<void>,
  halted: () => boolean = () => false,
): Promise<void> {
  let failed = false;
  let running = 0;
  const stop: StopSignal = {
    get requested() {
      return failed || halted();
    },
  };
  const sleepers: (() => void)[] = [];
  const wakeAll = () => {
    for (const wake of sleepers.splice(0)) wake();
  };
  const lane = async () => {
    try {
      while (!stop.requested) {
        const item = take(running);
        if (item === undefined) return;
        if (item === WAIT) {
          if (!running) throw new Error("lanes: nothing is running that could end the wait");
          await new Promise<void>((r) => sleepers.push(r));
          continue;
        }
        running++;
        try {
          await work(item, stop);
        } finally {
          running--;
          wakeAll();
        }
      }
    } catch (e) {
      failed = true;
      wakeAll();
      throw e;
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: n }, lane));
  for (const s of settled) if (s.status === "rejected") throw s.reason;
}
