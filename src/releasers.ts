// Resources released in one place, last acquired first, whatever happens: the connections,
// locks and cursors of migrate, validate and status.

/** Registers how to release what was just acquired. */
export type Defer = (release: () => unknown) => void;

/**
 * Runs `fn` with `defer`; afterwards releases everything deferred, in reverse order, each even
 * if one before it failed. The first error wins: `fn`'s own, else the first release's.
 */
export async function withReleasers<T>(fn: (defer: Defer) => Promise<T>): Promise<T> {
  const releases: (() => unknown)[] = [];
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await fn((release) => void releases.push(release)) };
  } catch (error) {
    outcome = { error };
  }
  for (const release of releases.reverse()) {
    try {
      await release();
    } catch (error) {
      if ("value" in outcome) outcome = { error };
    }
  }
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}
