// Benchmark 2: per-turn time as a conversation grows, beside the naive whole-array design.
import { performance } from 'node:perf_hooks';
import Keyv from 'keyv';
import { openSqlite } from '../src/store/sqlite-store.js';
import type { ConversationHead, ConversationKey, ConversationStore, ModelMessage, StoredTurn } from '../src/core/index.js';
import { estimateTokens } from '../src/core/token-estimate.js';
import { benchKey, benchMessage, DEFAULT_HISTORY_BUDGET, removeStoreFile, startBenchCore, type BenchCore, type TimedModel } from './core.js';
import type { RemoteFakeModel } from './fake-model.js';
import { printTable, progress, writeResult } from './report.js';
import { round, summarize, waitForQuiet, type Summary } from './stats.js';

/** How one conversation size is sampled. */
interface SizePlan {
  /** Messages the conversation holds before measuring (two per turn). */
  messages: number;
  conversations: number;
  /** Restarts of the core; after each, every conversation takes one cold-cache turn. */
  coldRounds: number;
  /** Warm-cache turns per conversation after the last restart. */
  warmTurns: number;
}

/** Figures for one size. */
export interface SizeResult {
  messages: number;
  /** Bot time per turn (end-to-end minus the model call), first turn after a restart: history read from SQLite. */
  cold: Summary;
  /** Bot time per turn with the history window cached: the steady state of an active conversation. */
  warm: Summary;
  /** End-to-end per turn, warm: adds the model call, whose request grows up to the history budget. */
  warmE2e: Summary;
  /** Bot time per turn of the naive design (read whole array, append, write whole array). */
  naive: Summary;
  naiveE2e: Summary;
}

/** Sizes of a full or quick run; fewer conversations at larger sizes keep pre-population short. */
export function plans(quick: boolean): SizePlan[] {
  const scale = quick ? 0.15 : 1;
  const at = (messages: number, conversations: number, coldRounds: number, warmTurns: number): SizePlan => ({
    messages,
    conversations: Math.max(1, Math.round(conversations * scale)),
    coldRounds: Math.max(1, Math.round(coldRounds * (quick ? 0.5 : 1))),
    warmTurns,
  });
  return [at(10, 100, 1, 1), at(100, 50, 2, 4), at(1000, 10, 5, 10), at(10_000, 2, 10, 50)];
}

// Pre-populated turns look like benchmark traffic: a chat-sized question and its echo.
function fillerTurn(index: number, authorId: string): StoredTurn {
  const text = benchMessage(0, index).text;
  const messages: ModelMessage[] = [
    { role: 'user', content: text },
    { role: 'assistant', content: [{ type: 'text', text: `echo: ${text}` }] },
  ];
  return { index, at: new Date(0).toISOString(), authorId, messages, usage: { inputTokens: 50, outputTokens: 25 }, tokens: estimateTokens(messages), tokensMeasured: true };
}

function headAfter(turns: number, authorId: string): ConversationHead {
  const at = new Date(0).toISOString();
  return { revision: `bench-${authorId}-${turns}`, turns, messages: turns * 2, createdAt: at, updatedAt: at, usage: { inputTokens: 50 * turns, outputTokens: 25 * turns }, participants: [authorId] };
}

/** Writes `messages / 2` turns into each conversation through ConversationStore.commitTurn. */
async function populate(store: ConversationStore, keys: readonly number[], messages: number): Promise<void> {
  await Promise.all(
    keys.map(async (n) => {
      const author = `user-${n}`;
      let revision = '';
      for (let turn = 0; turn < messages / 2; turn++) {
        const head = headAfter(turn + 1, author);
        await store.commitTurn(benchKey(n), fillerTurn(turn, author), head, revision);
        revision = head.revision!;
      }
    }),
  );
}

/** Times one turn through the core: bot time and end-to-end. */
async function timedTurn(core: BenchCore, n: number, turn: number): Promise<{ bot: number; e2e: number }> {
  const message = benchMessage(n, turn);
  const time = core.model.track(message.text);
  const started = performance.now();
  await core.parley.send(message);
  const e2e = performance.now() - started;
  core.model.forget(message.text);
  return { bot: e2e - time.ms, e2e };
}

/** Measures our design at one size: cold turns after restarts, then warm turns. */
async function measureOurs(fake: RemoteFakeModel, plan: SizePlan): Promise<Pick<SizeResult, 'cold' | 'warm' | 'warmE2e'>> {
  let core = await startBenchCore({ modelUrl: fake.url });
  const keys = Array.from({ length: plan.conversations }, (_, i) => i);
  await populate(core.store, keys, plan.messages);
  const storeUrl = core.storeUrl;
  const cold: number[] = [];
  const warm: number[] = [];
  const warmE2e: number[] = [];
  let turn = plan.messages / 2;
  for (let round = 0; round < plan.coldRounds; round++) {
    // A new core on the same file: its window cache is empty, as after a restart.
    await core.close(true);
    core = await startBenchCore({ modelUrl: fake.url, storeUrl });
    for (const n of keys) cold.push((await timedTurn(core, n, turn)).bot);
    turn++;
  }
  for (let i = 0; i < plan.warmTurns; i++, turn++) {
    for (const n of keys) {
      const { bot, e2e } = await timedTurn(core, n, turn);
      warm.push(bot);
      warmE2e.push(e2e);
    }
  }
  await core.close(true);
  await removeStoreFile(storeUrl);
  return { cold: summarize(cold), warm: summarize(warm), warmE2e: summarize(warmE2e) };
}

/**
 * The naive design the issue compares against: the whole history as one array in one record, read,
 * trimmed to the same budget for the request, appended to, and written back every turn.
 */
function naiveTurn(store: Keyv, model: TimedModel) {
  return async (key: ConversationKey, text: string): Promise<void> => {
    const name = `naive:${key}`;
    const history = (await store.get<ModelMessage[]>(name)) ?? [];
    const user: ModelMessage = { role: 'user', content: text };
    const reply = await model.step({ system: 'You are Parley.', messages: [...newestWithin(history, DEFAULT_HISTORY_BUDGET), user], tools: [] }, () => undefined);
    history.push(user, { role: 'assistant', content: reply.content.map((block) => (block.type === 'text' ? { type: 'text' as const, text: block.text } : { type: 'text' as const, text: '' })) });
    await store.set(name, history);
  };
}

// Newest messages within the budget, starting at a user message: the same request our design sends.
function newestWithin(history: readonly ModelMessage[], budget: number): ModelMessage[] {
  let first = history.length;
  let tokens = 0;
  while (first >= 2) {
    const pair = estimateTokens(history.slice(first - 2, first));
    if (tokens + pair > budget) break;
    tokens += pair;
    first -= 2;
  }
  return history.slice(first);
}

/** Measures the naive design at one size on the same kind of store (keyv over SQLite, with the store's settings). */
async function measureNaive(fake: RemoteFakeModel, plan: SizePlan): Promise<Pick<SizeResult, 'naive' | 'naiveE2e'>> {
  const core = await startBenchCore({ modelUrl: fake.url });
  const records = new Keyv({ store: await openSqlite(`${core.storeUrl.replace(/^sqlite:\/\//, '')}`), namespace: 'naive' });
  const turn = naiveTurn(records, core.model);
  const keys = Array.from({ length: plan.conversations }, (_, i) => i);
  for (const n of keys) {
    const history = Array.from({ length: plan.messages / 2 }, (_, i) => fillerTurn(i, `user-${n}`).messages).flat();
    await records.set(`naive:${benchKey(n)}`, history);
  }
  const bot: number[] = [];
  const e2e: number[] = [];
  const rounds = plan.coldRounds + plan.warmTurns;
  for (let i = 0; i < rounds; i++) {
    for (const n of keys) {
      const text = benchMessage(n, plan.messages / 2 + i).text;
      const time = core.model.track(text);
      const started = performance.now();
      await turn(benchKey(n), text);
      const total = performance.now() - started;
      core.model.forget(text);
      bot.push(total - time.ms);
      e2e.push(total);
    }
  }
  await records.disconnect();
  await core.close();
  return { naive: summarize(bot), naiveE2e: summarize(e2e) };
}

/** Benchmark 2: every size, ours then naive; prints both side by side and writes bench/results/growth.json. */
export async function benchGrowth(fake: RemoteFakeModel, quick: boolean): Promise<{ sizes: SizeResult[]; ratio: number; coldRatio: number; naiveRatio: number }> {
  await fake.setLatency(0);
  const sizes: SizeResult[] = [];
  for (const plan of plans(quick)) {
    await waitForQuiet();
    progress(`growth: ${plan.messages} messages (${plan.conversations} conversations)`);
    sizes.push({ messages: plan.messages, ...(await measureOurs(fake, plan)), ...(await measureNaive(fake, plan)) });
  }
  const first = sizes[0]!;
  const last = sizes.at(-1)!;
  const ratio = last.warm.p50 / first.warm.p50;
  const coldRatio = last.cold.p50 / first.cold.p50;
  const naiveRatio = last.naive.p50 / first.naive.p50;
  printTable(
    'Growth: bot time per turn (ms, p50 / p99) by messages already in the conversation; naive = whole array read+written each turn',
    sizes.map((s) => ({
      messages: s.messages,
      'warm p50': round(s.warm.p50),
      'warm p99': round(s.warm.p99),
      'cold p50': round(s.cold.p50),
      'cold p99': round(s.cold.p99),
      'naive p50': round(s.naive.p50),
      'naive p99': round(s.naive.p99),
      'naive/warm': round(s.naive.p50 / s.warm.p50, 1),
      'e2e warm p50': round(s.warmE2e.p50),
      'e2e naive p50': round(s.naiveE2e.p50),
    })),
  );
  process.stdout.write(`10,000 vs 10 messages (p50): ours warm ${round(ratio, 2)}×, ours cold ${round(coldRatio, 2)}×, naive ${round(naiveRatio, 2)}×\n`);
  await writeResult('growth', {
    definitions: {
      bot: 'end-to-end time of one turn minus the time inside ModelClient.step, one conversation at a time, model latency 0',
      warm: 'the conversation’s history window is in the core’s cache (an active conversation)',
      cold: 'first turn after the core restarted on the same SQLite file: the window is read from the store',
      naive: 'read the whole message array from one keyv record, trim to the same budget for the request, append, write it all back',
      historyTokenBudget: DEFAULT_HISTORY_BUDGET,
    },
    sizes,
    ratio10kVs10: { warm: ratio, cold: coldRatio, naive: naiveRatio },
  });
  return { sizes, ratio, coldRatio, naiveRatio };
}
