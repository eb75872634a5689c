// Expired coordination rows (delivery claims, old counters, lapsed leases) are overwritten when their
// name comes back, but most never do: a sweep now and then keeps the table to what is live.
const SWEEP_INTERVAL_MS = 10 * 60_000;

/** Runs `sweep` every few minutes in the background (never holding the process open); stop() ends it. */
export function startSweeper(sweep: () => Promise<unknown>): { stop(): void } {
  const timer = setInterval(() => void sweep().catch(() => undefined), SWEEP_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
