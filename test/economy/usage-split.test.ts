import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, conversationKey, costOf, priceFor, UsageLedger, userMessageFor, userScopeId, type Usage } from '../../src/core/index.js';
import { dmFrom, keyOf, threadFrom, failureOf, manualClock, startGuardedCore, type GuardedCore } from '../reliability/support.js';

// About 1,600 fake tokens: above Sonnet's 1,024-token minimum, so the prefix is cached from turn one.
const LONG_SYSTEM = 'You are a test assistant who answers briefly. '.repeat(140);
const SONNET = priceFor('claude-sonnet-5-5')!;

const cores: GuardedCore[] = [];
async function start(env: Record<string, string> = {}, clock = manualClock()) {
  const core = await startGuardedCore({ env, clock, promptCaching: true, systemPrompt: LONG_SYSTEM });
  cores.push(core);
  return core;
}
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const kinds = (u: Usage) => ({ input: u.inputTokens, write: u.cacheWriteTokens, read: u.cacheReadTokens, output: u.outputTokens });

describe('usage split by kind', () => {
  it('carries the API’s three input fields and the output into the turn result', async () => {
    const core = await start();
    const first = await core.parley.send(dmFrom({ user: 'U1' }, 'one'));
    const second = await core.parley.send(dmFrom({ user: 'U1' }, 'two'));

    expect(first.usage.cacheWriteTokens).toBeGreaterThan(1024);
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBe(first.usage.cacheWriteTokens);
    expect(second.usage.cacheWriteTokens).toBeGreaterThan(0);
    expect(second.usage.cacheWriteTokens).toBeLessThan(100);
  });

  it('stores each turn’s split and sums it into the conversation head', async () => {
    const core = await start();
    const message = dmFrom({ user: 'U1' }, 'one');
    const results = [await core.parley.send(message), await core.parley.send(dmFrom({ user: 'U1' }, 'two'))];
    const turns = await core.store.readTurns(keyOf(message), 0, 2);
    const head = await core.store.readHead(keyOf(message));

    expect(turns.map((turn) => kinds(turn.usage))).toEqual(results.map((result) => kinds(result.usage)));
    expect(head!.usage.cacheReadTokens).toBe(turns[0]!.usage.cacheReadTokens! + turns[1]!.usage.cacheReadTokens!);
    expect(head!.usage.cacheWriteTokens).toBe(turns[0]!.usage.cacheWriteTokens! + turns[1]!.usage.cacheWriteTokens!);
  });

  it('prices each reply by kind from the model’s price table', async () => {
    const core = await start();
    await core.parley.send(dmFrom({ user: 'U1' }, 'one'));
    const result = await core.parley.send(dmFrom({ user: 'U1' }, 'two'));

    expect(result.usage.costUsd).toBeCloseTo(costOf(result.usage, SONNET), 12);
    // A cache read costs a tenth of an uncached token: the whole prompt uncached would cost far more.
    const uncached = costOf({ inputTokens: result.usage.inputTokens + result.usage.cacheReadTokens! + result.usage.cacheWriteTokens!, outputTokens: result.usage.outputTokens }, SONNET);
    expect(result.usage.costUsd!).toBeLessThan(uncached * 0.5);
  });

  it('shows every kind and the cost per turn in the exported Markdown', async () => {
    const core = await start();
    const message = dmFrom({ user: 'U1' }, 'one');
    const result = await core.parley.send(message);
    const { markdown } = (await core.parley.exportConversation(keyOf(message), 'U1'))!;

    const u = result.usage;
    expect(markdown).toContain(`${u.inputTokens} input · ${u.cacheWriteTokens} cache write · ${u.cacheReadTokens} cache read · ${u.outputTokens} output tokens · ≈ $`);
  });

  it('counts tokens by kind in the metrics', async () => {
    const core = await start();
    const results = [await core.parley.send(dmFrom({ user: 'U1' }, 'one')), await core.parley.send(dmFrom({ user: 'U1' }, 'two'))];
    const counters = core.metrics.snapshot();
    const sum = (pick: (u: Usage) => number | undefined) => results.reduce((total, r) => total + (pick(r.usage) ?? 0), 0);

    expect(counters['tokens.cache_read']).toBe(sum((u) => u.cacheReadTokens));
    expect(counters['tokens.cache_write']).toBe(sum((u) => u.cacheWriteTokens));
    expect(counters['tokens.input']).toBe(sum((u) => u.inputTokens));
    expect(counters['tokens.output']).toBe(sum((u) => u.outputTokens));
  });
});

describe('usage per person per UTC day and month', () => {
  it('sums a person’s turns across conversations, today and this month', async () => {
    const clock = manualClock('2026-03-02T10:00:00.000Z');
    const core = await start({}, clock);
    const dm = await core.parley.send(dmFrom({ user: 'U1' }, 'in the DM'));
    const elsewhere = threadFrom({ user: 'U1' }, '1.0', 'in another conversation');
    const thread = await core.parley.send(elsewhere);
    clock.set('2026-03-03T09:00:00.000Z');
    const tomorrow = await core.parley.send(dmFrom({ user: 'U1' }, 'next day'));
    const ledger = new UsageLedger(core.coordination, clock.now);

    const { today, month } = await ledger.read(userScopeId(keyOf(dmFrom({ user: 'U1' }, '')), 'U1'));
    expect(today.outputTokens).toBe(tomorrow.usage.outputTokens);
    expect(month.outputTokens).toBe(dm.usage.outputTokens + thread.usage.outputTokens + tomorrow.usage.outputTokens);
    // The ledger counts cost in billionths of a dollar (counters are integers in every store).
    expect(month.costUsd).toBeCloseTo(dm.usage.costUsd! + thread.usage.costUsd! + tomorrow.usage.costUsd!, 8);
  });
});

describe('daily budget weighed by price', () => {
  it('counts a cache read as a tenth of an uncached token', async () => {
    const core = await start({ DAILY_TOKEN_BUDGET: '100000000' });
    const results = [await core.parley.send(dmFrom({ user: 'U1' }, 'one')), await core.parley.send(dmFrom({ user: 'U1' }, 'two'))];
    const { TokenBudget } = await import('../../src/guard/index.js');
    const spent = await new TokenBudget(core.coordination, 1, () => new Date('2026-03-02T10:00:00.000Z')).spentToday('slack:T1:U1');

    const expected = results.reduce((total, { usage: u }) => total + u.inputTokens + 1.25 * u.cacheWriteTokens! + 0.1 * u.cacheReadTokens! + u.outputTokens, 0);
    expect(results[1]!.usage.cacheReadTokens).toBeGreaterThan(1000);
    expect(spent).toBeCloseTo(expected, 6);
  });

  it('refuses once the day’s estimated cost reaches DAILY_COST_BUDGET_USD, naming it', async () => {
    const core = await start({ DAILY_COST_BUDGET_USD: '0.001' });
    let answered = 0;
    let failure: unknown;
    while (!(failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'spend')))) answered++;

    expect(answered).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(BudgetExhausted);
    expect(userMessageFor(failure)).toBe("You've used today's budget ($0.0010). It resets at midnight UTC.");
  });
});
