// Token economy: how much of a long conversation's input the prompt cache serves, and what it costs
// relative to sending everything uncached. Path measured: the core as app.ts wires it (SQLite store,
// Anthropic SDK with PROMPT_CACHING on, the calculator tool, compaction at its default) against the
// test suite's fake Messages API, whose prompt-cache simulator applies Anthropic's documented rules.
// The figures are the usage the fake reported for every request, summaries included.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load-config.js';
import { addUsage, createAnthropicModel, createParley, emptyUsage, totalInputTokens, weightedTokens, type Usage } from '../src/core/index.js';
import { openStore } from '../src/store/open-store.js';
import { defaultTools } from '../src/tools/index.js';
import { startFakeAnthropic, type RecordedRequest, type ScriptedReply } from '../test/fakes/anthropic-server.js';
import { benchAddress, benchKey } from './core.js';
import { printTable, progress, writeResult } from './report.js';
import { round } from './stats.js';

/** One run's figures. */
export interface EconomyRun {
  turns: number;
  historyTokenBudget: number;
  compactions: number;
  /** Share of all input tokens (answers and summaries) read from the cache. */
  cacheReadShare: number;
  /** Input cost in base-input-token units relative to the same requests with no caching. */
  inputCostVsUncached: number;
  /** Whole cost (input and output, list prices) relative to no caching. */
  costVsUncached: number;
  usage: Usage;
}

// Between turns a person reads and types: a minute keeps an active conversation inside the 5-minute TTL.
const SECONDS_BETWEEN_TURNS = 60;
// Roughly one turn in seven asks for arithmetic, answered through the calculator tool.
const CALCULATOR_SHARE = 0.15;
const SEED = 12;

// Common English words with release-planning ones mixed in; their mean length, weighted as drawn, is
// about 4.7 letters, as in English prose, so a word costs about as many tokens as a real one.
const WORDS = 'the we to of and a in is it that for on with as be at this by our have from or release plan owner date team review budget customer feature risk test deploy cache decision question answer summary issue priority schema index query will can not are was so if then when what which who next week more changelog migration performance discussion important understand because should would there about after together'.split(' ');

/** mulberry32: a small seeded generator, so every run talks the same conversation. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PlannedTurn {
  question: string;
  answer: string;
  calculator?: string;
}

function plan(turns: number): PlannedTurn[] {
  const random = seeded(SEED);
  const words = (min: number, max: number) => Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  return Array.from({ length: turns }, (_, i) => {
    const calculator = random() < CALCULATOR_SHARE ? `${Math.floor(random() * 900) + 100} * ${Math.floor(random() * 90) + 10} / 7` : undefined;
    return { question: `(${i + 1}) ${words(20, 150)}${calculator ? ` — what is ${calculator}?` : ''}`, answer: words(150, 600), ...(calculator ? { calculator } : {}) };
  });
}

const isSummaryRequest = (request: RecordedRequest) => JSON.stringify(request.body.messages?.at(-1) ?? '').includes('[Parley, not the person');
const lastIsToolResult = (request: RecordedRequest) => JSON.stringify(request.body.messages?.at(-1) ?? '').includes('"tool_result"');

async function runConversation(turns: number, historyTokenBudget: number): Promise<EconomyRun> {
  const config = parseConfig({ ANTHROPIC_API_KEY: 'bench-key', HISTORY_TOKEN_BUDGET: String(historyTokenBudget) });
  let clock = Date.parse('2026-12-01T09:00:00.000Z');
  const fake = await startFakeAnthropic({ recordRequests: false, cache: { now: () => clock } });
  const dir = await mkdtemp(join(tmpdir(), 'parley-economy-'));
  const { conversations: store, coordination } = await openStore(`sqlite://${join(dir, 'economy.sqlite')}`);
  const conversation = plan(turns);
  let current = conversation[0]!;
  const summaryRandom = seeded(SEED + 1);
  // A summary of 100–200 words, as a model asked for a compact summary writes.
  const summaryText = () => Array.from({ length: 100 + Math.floor(summaryRandom() * 101) }, () => WORDS[Math.floor(summaryRandom() * WORDS.length)]).join(' ');
  fake.setDefault((request): ScriptedReply => {
    if (isSummaryRequest(request)) return { text: summaryText() };
    if (current.calculator && !lastIsToolResult(request)) return { toolUses: [{ name: 'calculator', input: { expression: current.calculator } }] };
    return { text: current.answer };
  });
  const parley = createParley({
    store,
    coordination,
    model: createAnthropicModel({ apiKey: 'bench-key', baseURL: fake.url, model: config.ANTHROPIC_MODEL, maxTokens: config.MAX_TOKENS, maxRetries: 0, timeoutMs: 60_000, promptCaching: config.PROMPT_CACHING }),
    tools: defaultTools,
    systemPrompt: config.SYSTEM_PROMPT,
    historyTokenBudget: config.HISTORY_TOKEN_BUDGET,
    compaction: { mode: config.COMPACTION },
    now: () => new Date(clock),
  });
  let usage = emptyUsage();
  try {
    for (const [i, turn] of conversation.entries()) {
      current = turn;
      const result = await parley.send({ address: benchAddress(1), text: turn.question });
      usage = addUsage(usage, result.usage);
      clock += SECONDS_BETWEEN_TURNS * 1000;
      if ((i + 1) % 50 === 0) progress(`economy: ${i + 1}/${turns} turns at budget ${historyTokenBudget}`);
    }
    const turnsStored = await store.readTurns(benchKey(1), 0, turns);
    const input = totalInputTokens(usage);
    const uncachedCost = input * INPUT_PRICE + outputCost(usage);
    return {
      turns,
      historyTokenBudget,
      compactions: turnsStored.filter((turn) => turn.compaction).length,
      cacheReadShare: (usage.cacheReadTokens ?? 0) / input,
      inputCostVsUncached: (weightedTokens(usage) - usage.outputTokens) / input,
      costVsUncached: usage.costUsd! / uncachedCost,
      usage,
    };
  } finally {
    await parley.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

// The default model's list price (Sonnet class), per token: what "no caching" would have paid.
const INPUT_PRICE = 3 / 1_000_000;
const OUTPUT_PRICE = 15 / 1_000_000;
const outputCost = (usage: Usage) => usage.outputTokens * OUTPUT_PRICE;

/** Runs the 30-turn conversation at the default budget and the 200-turn one at 6,000 tokens. */
export async function benchEconomy(quick: boolean): Promise<EconomyRun[]> {
  const runs = [await runConversation(30, 50_000), await runConversation(quick ? 80 : 200, 6_000)];
  printTable(
    'Token economy (core + SDK + SQLite + fake API with the prompt-cache simulator)',
    runs.map((run) => ({
      turns: run.turns,
      budget: run.historyTokenBudget,
      compactions: run.compactions,
      'cache read %': round(run.cacheReadShare * 100, 1),
      'input cost vs uncached': round(run.inputCostVsUncached, 3),
      'total cost vs uncached': round(run.costVsUncached, 3),
      uncached: run.usage.inputTokens,
      'cache write': run.usage.cacheWriteTokens ?? 0,
      'cache read': run.usage.cacheReadTokens ?? 0,
      output: run.usage.outputTokens,
    })),
  );
  await writeResult('economy', { runs });
  return runs;
}
