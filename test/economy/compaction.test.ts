import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../fakes/anthropic-server.js';
import { dm, dmKey, startCore, tempDir, type CoreHarness, type CoreHarnessOptions } from '../support/core-harness.js';

// A long system prompt (~1,100 fake tokens), so the prefix is cacheable from the first turn.
const SYSTEM = 'You are a test assistant who answers briefly and precisely. '.repeat(75);
const BUDGET = 3_000;
const key = dmKey('alice');
const isSummaryRequest = (request: RecordedRequest) => JSON.stringify(request.body.messages.at(-1)).includes('[Parley, not the person');

const cores: CoreHarness[] = [];
async function start(options: CoreHarnessOptions = {}) {
  const core = await startCore({ systemPrompt: SYSTEM, historyTokenBudget: BUDGET, promptCaching: true, ...options });
  // Answers of ~150 tokens; numbered one-line summaries.
  let summaries = 0;
  core.fake.setDefault((request) =>
    isSummaryRequest(request) ? { text: `Summary ${++summaries}: alice counted.` } : { text: `Noted. ${'The answer goes on. '.repeat(30)}` },
  );
  cores.push(core);
  return core;
}
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function talk(core: CoreHarness, from: number, to: number) {
  const results = [];
  for (let i = from; i < to; i++) results.push(await core.parley.send({ address: dm('alice'), text: `message ${i}: ${'words '.repeat(40)}` }));
  return results;
}

const answerRequests = (core: CoreHarness) => core.fake.requests.filter((request) => !isSummaryRequest(request));

describe('a cache-stable history', () => {
  it('keeps the request prefix byte-identical from turn to turn between compactions', async () => {
    const core = await start();
    await talk(core, 0, 30);
    const requests = answerRequests(core);
    let stable = 0;
    let compactions = 0;
    for (let i = 1; i < requests.length; i++) {
      const [before, after] = [requests[i - 1]!.body, requests[i]!.body];
      if (before.system !== after.system) {
        compactions++;
        continue;
      }
      expect(after.tools).toEqual(before.tools);
      expect(after.messages.slice(0, before.messages.length)).toEqual(before.messages);
      stable++;
    }
    expect(compactions).toBeGreaterThanOrEqual(2);
    // Each compaction is followed by several turns on one prefix, not a change every turn.
    expect(stable).toBeGreaterThanOrEqual(compactions * 3);
  });

  it('reads everything before the new messages from the cache between compactions', async () => {
    const core = await start();
    const results = await talk(core, 0, 16);
    const turns = await core.store.readTurns(key, 0, 16);
    const quiet = turns.filter((turn, i) => i > 0 && !turn.compaction && !turns[i - 1]!.compaction);
    expect(quiet.length).toBeGreaterThan(3);
    for (const turn of quiet) {
      const usage = results[turn.index]!.usage;
      expect(usage.cacheReadTokens! / (usage.cacheReadTokens! + usage.cacheWriteTokens! + usage.inputTokens)).toBeGreaterThan(0.7);
    }
  });
});

describe('compaction when the history outgrows HISTORY_TOKEN_BUDGET', () => {
  it('happens on the turn that crosses the budget, and a large block leaves at once', async () => {
    const core = await start();
    await talk(core, 0, 16);
    const turns = await core.store.readTurns(key, 0, 16);
    const first = turns.findIndex((turn) => turn.compaction);
    const window = turns.slice(0, first).reduce((sum, turn) => sum + turn.tokens, 0);

    expect(first).toBeGreaterThan(0);
    // The turn before it still fitted its window; with that turn's answer added, this turn's message did not.
    expect(window - turns[first - 1]!.tokens).toBeLessThanOrEqual(BUDGET);
    expect(window).toBeGreaterThan(BUDGET - 200);
    // Most of the window left at once: the newest quarter stays.
    expect(turns[first]!.compaction!.summary.throughTurn).toBeGreaterThanOrEqual(Math.floor(first / 2));
  });

  it('replaces what left with a summary the model sees in the system prompt', async () => {
    const core = await start();
    await talk(core, 0, 16);
    const head = (await core.store.readHead(key))!;
    const last = core.fake.lastRequest().body;

    expect(head.summary!.text).toMatch(/^Summary \d+: alice counted/);
    expect(last.system).toContain(head.summary!.text);
    // The request starts at the summary's turn: turn `throughTurn`'s message comes first.
    expect(JSON.stringify(last.messages[0])).toContain(`message ${head.summary!.throughTurn}:`);
  });

  it('counts the summarising request in the turn’s usage and the conversation’s', async () => {
    const core = await start();
    const results = await talk(core, 0, 16);
    const turns = await core.store.readTurns(key, 0, 16);
    const compacted = turns.find((turn) => turn.compaction)!;
    const head = (await core.store.readHead(key))!;

    expect(compacted.compaction!.usage.outputTokens).toBeGreaterThan(0);
    expect(results[compacted.index]!.usage.outputTokens).toBeGreaterThan(compacted.compaction!.usage.outputTokens);
    expect(compacted.usage).toEqual(results[compacted.index]!.usage);
    expect(head.usage.outputTokens).toBe(turns.reduce((sum, turn) => sum + turn.usage.outputTokens, 0));
  });

  it('deletes nothing: the export still holds every message, and shows the summary', async () => {
    const core = await start();
    await talk(core, 0, 16);
    const exported = (await core.parley.exportConversation(key, 'alice'))!;

    expect(exported.messageCount).toBe(32);
    expect(exported.json).toContain('message 0:');
    expect(exported.markdown).toMatch(/> History compacted before this turn: turns 1–\d+ left the model's window/);
    expect(exported.markdown).toContain('> Summary 1: alice counted.');
  });

  it('with COMPACTION=off, the block leaves without a summary request', async () => {
    const core = await start({ compaction: { mode: 'off' } });
    await talk(core, 0, 16);
    const head = (await core.store.readHead(key))!;

    expect(core.fake.requests.filter(isSummaryRequest)).toEqual([]);
    expect(head.summary!.throughTurn).toBeGreaterThan(0);
    expect(core.fake.lastRequest().body.system).toBe(SYSTEM);
  });

  it('answers the turn when the summarising request fails, and compacts on a later turn', async () => {
    const core = await start();
    await talk(core, 0, 4);
    let failed = 0;
    const answer = (request: RecordedRequest) => ({ text: `Noted. ${'The answer goes on. '.repeat(30)}${request.body.messages.length}` });
    core.fake.setDefault((request) => (isSummaryRequest(request) ? (failed++ === 0 ? { error: { status: 400 } } : { text: 'Summary: fine.' }) : answer(request)));
    await talk(core, 4, 16);
    const head = (await core.store.readHead(key))!;

    expect(failed).toBeGreaterThanOrEqual(2);
    expect(head.turns).toBe(16);
    expect(head.summary!.text).toBe('Summary: fine.');
  });
});

describe('a restarted process', () => {
  it('continues with the stored summary instead of making a new one', async () => {
    const dir = await tempDir();
    try {
      const storeUrl = `sqlite://${dir.path}/bot.sqlite`;
      const first = await start({ storeUrl });
      await talk(first, 0, 16);
      const summary = (await first.store.readHead(key))!.summary!;
      const before = answerRequests(first).at(-1)!.body;
      await first.close();
      cores.splice(cores.indexOf(first), 1);

      const second = await start({ storeUrl });
      const [result] = await talk(second, 16, 17);

      expect(second.fake.requests.filter(isSummaryRequest)).toEqual([]);
      const after = second.fake.lastRequest().body;
      expect(after.system).toContain(summary.text);
      expect(after.messages.slice(0, before.messages.length)).toEqual(before.messages);
      expect(summary.throughTurn).toBeGreaterThan(0);
      expect(result!.usage.outputTokens).toBeGreaterThan(0);
    } finally {
      await dir.cleanup();
    }
  });
});
