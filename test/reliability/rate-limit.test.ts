import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimited, userMessageFor } from '../../src/core/index.js';
import { RateLimiter } from '../../src/guard/index.js';
import { createMemoryCoordination } from '../../src/store/memory-coordination.js';
import { dmFrom, threadFrom, failureOf, manualClock, startGuardedCore, type GuardedCore } from './support.js';

describe('per-user rate limit', () => {
  let core: GuardedCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('answers a burst of 25 messages in one minute with the default settings', async () => {
    core = await startGuardedCore({ clock: manualClock() });
    for (let i = 0; i < 25; i++) await core.parley.send(dmFrom({ user: 'U1' }, `message ${i}`));
    expect(core.fake.requestCount).toBe(25);
  });

  it('refuses the 31st message of a minute by default, naming the limit and the wait, without asking the model', async () => {
    const clock = manualClock();
    core = await startGuardedCore({ clock });
    for (let i = 0; i < 30; i++) {
      await core.parley.send(dmFrom({ user: 'U1' }, `message ${i}`));
      clock.advance(1_000);
    }
    const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'one too many'));
    expect(failure).toBeInstanceOf(RateLimited);
    // The first message left at t=0 frees its slot at t=60 s; it is now t=30 s.
    expect((failure as RateLimited).retryAfterMs).toBe(30_000);
    expect(userMessageFor(failure)).toBe("You're sending messages faster than 30 a minute. Try again in 30s.");
    expect(core.fake.requestCount).toBe(30);
  });

  it('admits again as soon as the oldest message leaves the one-minute window', async () => {
    const clock = manualClock();
    core = await startGuardedCore({ clock, env: { RATE_LIMIT_PER_MINUTE: '2' } });
    await core.parley.send(dmFrom({ user: 'U1' }, 'one'));
    clock.advance(10_000);
    await core.parley.send(dmFrom({ user: 'U1' }, 'two'));
    clock.advance(49_999);
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'too soon'))).toBeInstanceOf(RateLimited);
    clock.advance(1);
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'now'))).toBeUndefined();
  });

  it('keeps a separate counter per platform, workspace and user', async () => {
    core = await startGuardedCore({ clock: manualClock(), env: { RATE_LIMIT_PER_MINUTE: '1' } });
    await core.parley.send(dmFrom({ platform: 'slack', workspace: 'T1', user: 'U1' }, 'slack T1'));
    await core.parley.send(dmFrom({ platform: 'discord', workspace: 'T1', user: 'U1' }, 'discord, same ids'));
    await core.parley.send(dmFrom({ platform: 'slack', workspace: 'T2', user: 'U1' }, 'other workspace'));
    await core.parley.send(dmFrom({ platform: 'slack', workspace: 'T1', user: 'U2' }, 'other user'));
    expect(await failureOf(core.parley, dmFrom({ platform: 'slack', workspace: 'T1', user: 'U1' }, 'again'))).toBeInstanceOf(RateLimited);
    expect(core.fake.requestCount).toBe(4);
  });

  it('counts a user across all their conversations in a workspace', async () => {
    core = await startGuardedCore({ clock: manualClock(), env: { RATE_LIMIT_PER_MINUTE: '1' } });
    await core.parley.send(dmFrom({ user: 'U1' }, 'in the DM'));
    const inChannel = threadFrom({ user: 'U1' }, '1.0', 'in a channel');
    expect(await failureOf(core.parley, inChannel)).toBeInstanceOf(RateLimited);
  });

  it('is off at 0', async () => {
    core = await startGuardedCore({ clock: manualClock(), env: { RATE_LIMIT_PER_MINUTE: '0' } });
    for (let i = 0; i < 40; i++) await core.parley.send(dmFrom({ user: 'U1' }, `message ${i}`));
    expect(core.fake.requestCount).toBe(40);
  });

  it('does not spend a slot on a message refused for another reason', async () => {
    core = await startGuardedCore({ clock: manualClock(), env: { RATE_LIMIT_PER_MINUTE: '1', DENY_CHANNELS: 'C-closed' } });
    await failureOf(core.parley, dmFrom({ user: 'U1', channel: 'C-closed' }, 'refused'));
    expect(await failureOf(core.parley, dmFrom({ user: 'U1', channel: 'C-open' }, 'answered'))).toBeUndefined();
  });
});

describe('shared rate limiter', () => {
  it('admits at most the limit per window opened by the first message, and the wait it reports is exact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 60 }), async (limit, gaps) => {
        let now = 0;
        const limiter = new RateLimiter(createMemoryCoordination(() => now), limit, 60_000);
        let windowStart: number | undefined;
        let admittedInWindow = 0;
        for (const gap of gaps) {
          now += gap;
          if (windowStart === undefined || now >= windowStart + 60_000) [windowStart, admittedInWindow] = [now, 0];
          const wait = await limiter.take('u');
          if (wait === undefined) {
            admittedInWindow += 1;
            expect(admittedInWindow).toBeLessThanOrEqual(limit);
            continue;
          }
          expect(admittedInWindow).toBe(limit);
          expect(wait).toBe(windowStart + 60_000 - now);
        }
      }),
    );
  });

  it('holds one limit for every process on the store: two limiters on one coordination share it', async () => {
    const coordination = createMemoryCoordination();
    const [one, two] = [new RateLimiter(coordination, 3), new RateLimiter(coordination, 3)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? one : two).take('u')));
    expect(results.filter((wait) => wait === undefined)).toHaveLength(3);
  });
});
