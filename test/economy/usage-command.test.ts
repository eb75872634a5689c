import { afterEach, describe, expect, it } from 'vitest';
import { usageReportText, type Usage } from '../../src/core/index.js';
import { dm, dmKey, startCore, type CoreHarness } from '../support/core-harness.js';

const SYSTEM = 'You are a test assistant who answers briefly and precisely. '.repeat(75);
const cores: CoreHarness[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function conversationWithCompactions() {
  const core = await startCore({ systemPrompt: SYSTEM, historyTokenBudget: 3_000, promptCaching: true });
  cores.push(core);
  core.fake.setDefault((request) =>
    JSON.stringify(request.body.messages.at(-1)).includes('[Parley, not the person') ? { text: 'Summary: alice counted.' } : { text: `Noted. ${'The answer goes on. '.repeat(30)}` },
  );
  for (let i = 0; i < 16; i++) await core.parley.send({ address: dm('alice'), text: `message ${i}: ${'words '.repeat(40)}` });
  return core;
}

/** The per-turn usage lines of an exported Markdown transcript, summed by kind. */
function sumOfExportedTurns(markdown: string): { tokens: Omit<Usage, 'costUsd'>; costUsd: number; turns: number } {
  const pattern = /^## Turn \d+ — \S+ \((\d+) input · (\d+) cache write · (\d+) cache read · (\d+) output tokens · ≈ \$([\d.]+)\)$/gm;
  const tokens = { inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0 };
  let costUsd = 0;
  let turns = 0;
  for (const [, input, write, read, output, cost] of markdown.matchAll(pattern)) {
    tokens.inputTokens += Number(input);
    tokens.cacheWriteTokens += Number(write);
    tokens.cacheReadTokens += Number(read);
    tokens.outputTokens += Number(output);
    costUsd += Number(cost);
    turns++;
  }
  return { tokens, costUsd, turns };
}

describe('/usage', () => {
  it('adds up to the per-turn usage of the export, summaries included', async () => {
    const core = await conversationWithCompactions();
    const { markdown } = (await core.parley.exportConversation(dmKey('alice'), 'alice'))!;
    const exported = sumOfExportedTurns(markdown);
    const report = await core.parley.usage(dmKey('alice'), 'alice');

    expect(exported.turns).toBe(16);
    expect(markdown).toContain('History compacted before this turn');
    for (const period of [report.conversation!, report.today, report.month]) {
      const { costUsd, ...tokens } = period;
      expect(tokens).toEqual(exported.tokens);
      // The export rounds each turn's cost to 4 decimals.
      expect(costUsd!).toBeCloseTo(exported.costUsd, 3);
    }
  });

  it('shows tokens by kind and an estimated cost for today, this month and this conversation', async () => {
    const core = await conversationWithCompactions();
    const report = await core.parley.usage(dmKey('alice'), 'alice');
    const text = usageReportText(report);

    expect(text).toContain(`Your usage today (UTC): ${report.today.inputTokens} input · ${report.today.cacheWriteTokens} cache write · ${report.today.cacheReadTokens} cache read · ${report.today.outputTokens} output tokens · ≈ $`);
    expect(text).toMatch(/^This month: .* cache read .* ≈ \$/m);
    expect(text).toMatch(/^This conversation: .* ≈ \$/m);
  });

  it('shows someone else only their own usage, not a conversation they never spoke in', async () => {
    const core = await conversationWithCompactions();
    const report = await core.parley.usage(dmKey('alice'), 'mallory');

    expect(report.conversation).toBeUndefined();
    expect(report.today.outputTokens).toBe(0);
    expect(usageReportText(report)).toContain('This conversation: nothing yet.');
  });
});
