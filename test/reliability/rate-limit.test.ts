import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimited, userMessageFor } from '../../src/core/index.js';
import { SlidingWindowLimiter } from '../../src/guard/index.js';
import { dmFrom, failureOf, manualClock, startGuardedCore, type GuardedCore } from './support.js';

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
    const inChannel = { ...dmFrom({ user: 'U1' }, 'in a channel'), key: dmFrom({ user: 'someone-else' }, '').key };
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

describe('sliding-window limiter', () => {
  it('never admits more than the limit within any window, and the wait it reports is exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 80 }), (limit, gaps) => {
        const limiter = new SlidingWindowLimiter(limit, 60_000);
        const admitted: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap;
          const wait = limiter.take('u', now);
          if (wait === undefined) {
            admitted.push(now);
            continue;
          }
          expect(wait).toBeGreaterThan(0);
          // Just before the wait ends a probe is still refused; at its end it would be admitted.
          const probe = new SlidingWindowLimiter(limit, 60_000);
          for (const at of admitted.filter((at) => at > now - 60_000)) probe.take('u', at);
          if (wait > 1) expect(probe.take('u', now + wait - 1)).toBeDefined();
          expect(probe.take('u', now + wait)).toBeUndefined();
        }
        for (const at of admitted) expect(admitted.filter((other) => other >= at && other < at + 60_000).length).toBeLessThanOrEqual(limit);
      }),
    );
  });

  it('forgets senders who have been quiet for a whole window', () => {
    const limiter = new SlidingWindowLimiter(3, 60_000);
    for (let i = 0; i < 1_000; i++) limiter.take(`user-${i}`, i);
    limiter.take('late', 60_000 + 1_000);
    expect(limiter.size).toBe(1);
  });
});
