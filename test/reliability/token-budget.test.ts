import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, StoreUnavailable, userMessageFor } from '../../src/core/index.js';
import { TokenBudget } from '../../src/guard/index.js';
import { tempDir } from '../support/core-harness.js';
import { dmFrom, failureOf, manualClock, startGuardedCore, type GuardedCore } from './support.js';

describe('per-user daily token budget', () => {
  const cores: GuardedCore[] = [];
  const start = async (...args: Parameters<typeof startGuardedCore>) => {
    const core = await startGuardedCore(...args);
    cores.push(core);
    return core;
  };
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
  });

  it('refuses a user who has spent the day’s budget, naming it, without asking the model', async () => {
    const core = await start({ clock: manualClock(), env: { DAILY_TOKEN_BUDGET: '100' } });
    let answered = 0;
    let failure: unknown;
    while (!(failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'spend some tokens please')))) answered++;
    const counters = core.metrics.snapshot();
    expect(answered).toBeGreaterThan(0);
    expect(counters['tokens.input']! + counters['tokens.output']!).toBeGreaterThanOrEqual(100);
    expect(failure).toBeInstanceOf(BudgetExhausted);
    expect(userMessageFor(failure)).toBe("You've used today's token budget (100 tokens). It resets at midnight UTC.");
    const requests = core.fake.requestCount;
    await failureOf(core.parley, dmFrom({ user: 'U1' }, 'still refused'));
    expect(core.fake.requestCount).toBe(requests);
  });

  it('counts the input and output tokens the model reported (no cache: each weighs 1)', async () => {
    const clock = manualClock('2026-03-02T23:00:00.000Z');
    const core = await start({ clock, env: { DAILY_TOKEN_BUDGET: '1000000' } });
    const first = await core.parley.send(dmFrom({ user: 'U1' }, 'one'));
    const second = await core.parley.send(dmFrom({ user: 'U1' }, 'two'));
    const budget = new TokenBudget(core.coordination, 1_000_000, clock.now);
    expect(await budget.spentToday('slack:T1:U1')).toBe(
      first.usage.inputTokens + first.usage.outputTokens + second.usage.inputTokens + second.usage.outputTokens,
    );
  });

  it('survives a restart on the same store', async () => {
    const dir = await tempDir();
    try {
      const clock = manualClock();
      const storeUrl = `sqlite://${dir.path}/budget.sqlite`;
      const first = await startGuardedCore({ clock, storeUrl, env: { DAILY_TOKEN_BUDGET: '1' } });
      await first.parley.send(dmFrom({ user: 'U1' }, 'spend it all'));
      await first.close();
      const second = await start({ clock, storeUrl, env: { DAILY_TOKEN_BUDGET: '1' } });
      expect(await failureOf(second.parley, dmFrom({ user: 'U1' }, 'after restart'))).toBeInstanceOf(BudgetExhausted);
      expect(second.fake.requestCount).toBe(0);
    } finally {
      await dir.cleanup();
    }
  });

  it('starts afresh at midnight UTC', async () => {
    const clock = manualClock('2026-03-02T23:59:00.000Z');
    const core = await start({ clock, env: { DAILY_TOKEN_BUDGET: '1' } });
    await core.parley.send(dmFrom({ user: 'U1' }, 'late at night'));
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'still today'))).toBeInstanceOf(BudgetExhausted);
    clock.set('2026-03-03T00:00:00.000Z');
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'a new day'))).toBeUndefined();
  });

  it('keeps a separate budget per platform, workspace and user', async () => {
    const core = await start({ clock: manualClock(), env: { DAILY_TOKEN_BUDGET: '1' } });
    await core.parley.send(dmFrom({ platform: 'slack', workspace: 'T1', user: 'U1' }, 'spend'));
    expect(await failureOf(core.parley, dmFrom({ platform: 'discord', workspace: 'T1', user: 'U1' }, 'other platform'))).toBeUndefined();
    expect(await failureOf(core.parley, dmFrom({ platform: 'slack', workspace: 'T2', user: 'U1' }, 'other workspace'))).toBeUndefined();
    expect(await failureOf(core.parley, dmFrom({ platform: 'slack', workspace: 'T1', user: 'U1' }, 'same'))).toBeInstanceOf(BudgetExhausted);
  });

  it('counts in counters with an expiry, so old days do not pile up', async () => {
    const clock = manualClock('2026-03-02T22:00:00.000Z');
    const core = await start({ clock, env: { DAILY_TOKEN_BUDGET: '1000' } });
    const ttls = new Set<number>();
    const incrementAll = core.coordination.incrementAll.bind(core.coordination);
    core.coordination.incrementAll = async (additions) => {
      for (const { name, ttlMs } of additions) if (name.startsWith('usage:day:')) ttls.add(ttlMs);
      return incrementAll(additions);
    };
    await core.parley.send(dmFrom({ user: 'U1' }, 'hello'));
    // Two hours to midnight, plus the hour of grace.
    expect([...ttls]).toEqual([3 * 60 * 60_000]);
  });

  it('is off by default: it reads no usage before a turn', async () => {
    const core = await start({ clock: manualClock() });
    let reads = 0;
    const counters = core.coordination.counters.bind(core.coordination);
    core.coordination.counters = async (names) => (reads++, counters(names));
    for (let i = 0; i < 5; i++) await core.parley.send(dmFrom({ user: 'U1' }, `message ${i}`));
    expect(reads).toBe(0);
  });

  it('refuses with StoreUnavailable, not a generic error, when the budget cannot be read', async () => {
    const core = await start({ clock: manualClock(), env: { DAILY_TOKEN_BUDGET: '1000' } });
    core.coordination.counters = async () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'hello'));
    expect(failure).toBeInstanceOf(StoreUnavailable);
    expect(userMessageFor(failure)).toMatch(/can't reach my memory store/);
    expect(core.fake.requestCount).toBe(0);
  });
});
