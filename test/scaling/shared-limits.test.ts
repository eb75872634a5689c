// Usage totals and daily budgets when two Parley instances answer one person at once on one shared
// store: every turn counted exactly once, and both instances refuse at the same total.
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetExhausted, userScopeId, weightedTokens, type IncomingMessage, type TurnResult } from '../../src/core/index.js';
import { TokenBudget } from '../../src/guard/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { keyOf, manualClock, startGuardedCore, threadFrom, type GuardedCore } from '../reliability/support.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';

const TURNS_EACH = 12;


/** A message from U1 in its own thread, so the turns share the person but no conversation lease. */
const threadMessage = (i: number): IncomingMessage => threadFrom({ user: 'U1', workspace: 'T1', channel: 'C1' }, `${i}.0`, `question ${i}`);

const PERSON = userScopeId(keyOf(threadMessage(0)), 'U1');

for (const [name, namespace] of sharedStores()) {
  describe(`usage and budgets of two instances on one ${name}`, () => {
    let space: Namespace | undefined;
    let fake: FakeAnthropic | undefined;
    const cores: GuardedCore[] = [];
    afterEach(async () => {
      for (const core of cores.splice(0)) await core.close();
      await fake?.close();
      await space?.cleanup();
    });

    /** Two instances on one store, each answering TURNS_EACH of U1's messages, all at once. */
    async function raceTurns(): Promise<{ results: TurnResult[]; cores: GuardedCore[] }> {
      space = await namespace();
      fake = await startFakeAnthropic();
      const clock = manualClock();
      for (let i = 0; i < 2; i++) cores.push(await startGuardedCore({ storeUrl: space.url, fake, clock, env: { DAILY_TOKEN_BUDGET: '100000000' } }));
      const results = await Promise.all(Array.from({ length: 2 * TURNS_EACH }, (_, i) => cores[i % 2]!.parley.send(threadMessage(i))));
      return { results, cores };
    }

    it('count every turn of both in /usage, exactly', async () => {
      const { results, cores } = await raceTurns();
      const sum = (pick: (result: TurnResult) => number) => results.reduce((total, result) => total + pick(result), 0);
      for (const core of cores) {
        const report = await core.parley.usage(keyOf(threadMessage(0)), 'U1');
        expect(report.today.inputTokens).toBe(sum((r) => r.usage.inputTokens));
        expect(report.today.outputTokens).toBe(sum((r) => r.usage.outputTokens));
        expect(report.month.outputTokens).toBe(sum((r) => r.usage.outputTokens));
        expect(report.today.costUsd).toBeCloseTo(sum((r) => r.usage.costUsd!), 8);
      }
    });

    it('refuse on both exactly when the day’s total reaches the budget', async () => {
      const { results, cores } = await raceTurns();
      const spent = results.reduce((total, result) => total + weightedTokens(result.usage), 0);
      for (const core of cores) {
        const clock = () => new Date('2026-03-02T10:00:00.000Z');
        await expect(new TokenBudget(core.coordination, spent, clock).check(PERSON)).rejects.toBeInstanceOf(BudgetExhausted);
        await expect(new TokenBudget(core.coordination, spent + 1, clock).check(PERSON)).resolves.toBeUndefined();
      }
    });
  });
}
