/**
 * A sliding-window log: each sender keeps the times of their admitted messages in the last window,
 * and a message is admitted while fewer than `limit` remain. Chosen over a token bucket because
 * "N a minute" then holds over every 60 seconds (a full bucket lets 2N through in the first minute),
 * the wait it reports is exact (when the oldest message leaves the window), and at these limits the
 * log is at most a few dozen numbers per active sender.
 */
export class SlidingWindowLimiter {
  // Senders in order of their latest message, so idle ones are found at the front.
  readonly #log = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs = RATE_WINDOW_MS,
  ) {}

  /** Admits and records one message at `nowMs`, or returns how many ms until one would be admitted. */
  take(id: string, nowMs: number): number | undefined {
    this.#forgetIdle(nowMs);
    const recent = (this.#log.get(id) ?? []).filter((at) => at > nowMs - this.windowMs);
    if (recent.length >= this.limit) {
      this.#log.set(id, recent);
      return recent[recent.length - this.limit]! + this.windowMs - nowMs;
    }
    recent.push(nowMs);
    this.#log.delete(id);
    this.#log.set(id, recent);
    return undefined;
  }

  /** Senders currently tracked. */
  get size(): number {
    return this.#log.size;
  }

  #forgetIdle(nowMs: number): void {
    for (const [id, times] of this.#log) {
      if ((times.at(-1) ?? -Infinity) > nowMs - this.windowMs) return;
      this.#log.delete(id);
    }
  }
}

/** The window of RATE_LIMIT_PER_MINUTE. */
export const RATE_WINDOW_MS = 60_000;
