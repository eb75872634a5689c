import { storeCall, type Coordination } from '../core/index.js';

/**
 * "N messages a minute" per sender, as one shared counter per sender in the store: the first message
 * opens a one-minute window, each admitted message adds one, and the window ends a minute after it
 * opened. One atomic increment per message, so every process on the store counts against the same
 * limit. Chosen over a sliding log (exact over every 60 s, but a list per sender that processes
 * would have to rewrite together) at the cost that a sender can fit 2N into a minute that straddles
 * two windows; the wait it reports is exact: when the window ends.
 */
export class RateLimiter {
  constructor(
    readonly coordination: Coordination,
    readonly limit: number,
    readonly windowMs = RATE_WINDOW_MS,
  ) {}

  /** Admits and counts one message, or returns how many ms until one would be admitted. */
  async take(id: string): Promise<number | undefined> {
    const { total, expiresInMs } = await storeCall('check the rate limit', () => this.coordination.increment(`rate:${id}`, 1, this.windowMs));
    return total <= this.limit ? undefined : Math.max(1, expiresInMs);
  }
}

/** The window of RATE_LIMIT_PER_MINUTE. */
export const RATE_WINDOW_MS = 60_000;
