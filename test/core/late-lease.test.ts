// A lease acquire that times out but reaches the store later must not hold the conversation for a
// whole lease TTL: the next message is answered as soon as the store answers again.
import { describe, expect, it } from 'vitest';
import { ConversationLocks } from '../../src/core/conversation-locks.js';
import { silentLogger, StoreUnavailable, type Coordination } from '../../src/core/index.js';
import { createMemoryCoordination } from '../../src/store/memory-coordination.js';
import { timeLimited } from '../../src/store/time-limited.js';

const CALL_LIMIT_MS = 50;

/** Coordination whose first acquire lands in the store only after the call timed out. */
function lateFirstAcquire(inner: Coordination): { coordination: Coordination; landed: Promise<void> } {
  let first = true;
  let landed!: () => void;
  const done = new Promise<void>((resolve) => (landed = resolve));
  return {
    coordination: {
      ...inner,
      async acquire(name, token, ttlMs) {
        if (!first) return inner.acquire(name, token, ttlMs);
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 3 * CALL_LIMIT_MS));
        const taken = await inner.acquire(name, token, ttlMs);
        landed();
        return taken;
      },
    },
    landed: done,
  };
}

describe('a lease acquire that timed out', () => {
  it('fails the turn with StoreUnavailable and leaves no lease behind once it lands', async () => {
    const { coordination, landed } = lateFirstAcquire(createMemoryCoordination());
    // A lease TTL far beyond the wait allowed: only the late release lets the second turn run.
    const locks = new ConversationLocks(timeLimited(coordination, CALL_LIMIT_MS), silentLogger, { ttlMs: 60_000, maxWaitMs: 10_000 });
    await expect(locks.run('conversation', async () => 'first')).rejects.toBeInstanceOf(StoreUnavailable);
    await landed;
    expect(await locks.run('conversation', async () => 'second')).toBe('second');
  });
});
