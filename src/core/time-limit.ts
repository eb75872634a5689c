/**
 * Waits for `work` at most `ms` (for ever when `ms` is undefined) and resolves with its value, or with
 * `onTimeout` when time runs out first. The timer is cleared either way, so it never holds the process.
 */
export async function withinTime<T>(work: Promise<T>, ms: number | undefined, onTimeout: T): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, onTimeout)));
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
