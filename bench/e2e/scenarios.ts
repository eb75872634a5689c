// The end-to-end measurements, each on a freshly started bot process driven through its platform.
import { summarize, type Summary } from '../stats.js';
import { startBot, freshStoreUrl, type BotKind, type PlatformName, type RunningBot } from './bot-process.js';
import { burst, converse, freshPeople, type DriveResult, type Rigs } from './drive.js';
import { prefill } from './prefill.js';
import { cpuWindow } from './proc.js';

/** What every measurement reports beside its own figures. */
export interface Measured {
  kind: BotKind;
  platform: PlatformName;
  turns: number;
  /** Answers that never appeared, and deliveries Slack would have retried (no 200). */
  lost: number;
  failedAcks: number;
  /** Requests the fake model found missing an earlier exchange (bench/e2e/history-check.ts). */
  historyMisses: number;
  historyChecked: number;
  /** Bot CPU (from /proc) over the measured turns. */
  botCpuMs: number;
  cpuMsPerTurn: number;
  /** Cores kept busy by processes outside the benchmark while it measured; and the 1-minute load. */
  backgroundCores: number;
  loadAverage: number;
  /** Platform API calls per measured turn, by method or route. */
  callsPerTurn: Record<string, number>;
  totalCallsPerTurn: number;
  readyMs: number;
  problems: string[];
}

type Platform = { counts: Map<string, number>; resetCounts(): void; clear(): void };

function platformOf(rigs: Rigs, platform: PlatformName): Platform {
  return platform === 'slack' ? rigs.slack : rigs.discord;
}

/** Starts a bot on a rig, runs `work` inside a CPU window, stops the bot. */
async function withBot<T extends object>(
  rigs: Rigs,
  kind: BotKind,
  platform: PlatformName,
  options: { env?: Record<string, string>; memoryProbe?: boolean; storeUrl?: string },
  warmUp: (bot: RunningBot) => Promise<unknown>,
  work: (bot: RunningBot) => Promise<DriveResult & T>,
): Promise<Measured & DriveResult & T> {
  const rig = platformOf(rigs, platform);
  rig.clear();
  const apiUrl = platform === 'slack' ? rigs.slack.api.url : rigs.discord.rest.url;
  const bot = await startBot({ kind, platform, modelUrl: rigs.fake.url, platformApiUrl: apiUrl, ...options }, rigs.slack.api.botToken);
  try {
    if (bot.port !== undefined) rigs.slack.target(bot.port);
    await warmUp(bot);
    await rigs.fake.resetHistory();
    rig.resetCounts();
    const window = cpuWindow(bot.pid, () => [process.pid, rigs.fake.pid, bot.pid]);
    const result = await work(bot);
    const cpu = window.stop();
    const history = await rigs.fake.history();
    const callsPerTurn = Object.fromEntries([...rig.counts].map(([method, count]) => [method, count / Math.max(1, result.turns)]));
    return {
      ...result,
      kind,
      platform,
      historyMisses: history.misses,
      historyChecked: history.checked,
      botCpuMs: cpu.botMs,
      cpuMsPerTurn: cpu.botMs / Math.max(1, result.turns),
      backgroundCores: cpu.backgroundCores,
      loadAverage: cpu.loadAverage,
      callsPerTurn,
      totalCallsPerTurn: Object.values(callsPerTurn).reduce((sum, x) => sum + x, 0),
      readyMs: bot.readyMs,
      problems: [...bot.problems, ...history.examples],
    };
  } finally {
    await bot.stop();
  }
}

/** How many people talk at once in a one-at-a-time measurement, per platform and bot. */
export interface Pacing {
  /** People whose turns run side by side (each person's turns stay one at a time). */
  concurrency: number;
}

/** Bot CPU per turn in fresh conversations, turns 1–10 (model instant). */
export async function cpuAtTen(rigs: Rigs, kind: BotKind, platform: PlatformName, quick: boolean, pacing: Pacing) {
  await rigs.fake.setLatency(0);
  const people = freshPeople(platform, quick ? 10 : 30);
  return withBot(
    rigs,
    kind,
    platform,
    {},
    (bot) => converse(rigs, bot, freshPeople(platform, quick ? 5 : 20), 2, pacing),
    (bot) => converse(rigs, bot, people, 10, pacing),
  );
}

// Turns each conversation already has when the 1,000-turn measurement starts, and turns measured after two warm-up ones.
const PAST_TURNS = 990;
const MEASURED_LONG_TURNS = 10;

/** Bot CPU per turn in conversations at about 1,000 turns (prefilled to 990, two warm-up turns, ten measured). */
export async function cpuAtThousand(rigs: Rigs, kind: BotKind, platform: PlatformName, quick: boolean, pacing: Pacing) {
  await rigs.fake.setLatency(0);
  const people = freshPeople(platform, quick ? 3 : 10);
  const store = await freshStoreUrl(kind);
  try {
    await prefill(kind, platform, store.url, people, PAST_TURNS);
    return await withBot(
      rigs,
      kind,
      platform,
      { storeUrl: store.url },
      // The first turn after a start reads the window from the store; the second is the steady state.
      (bot) => converse(rigs, bot, people, 2, { ...pacing, firstTurn: PAST_TURNS }),
      (bot) => converse(rigs, bot, people, MEASURED_LONG_TURNS, { ...pacing, firstTurn: PAST_TURNS + 2 }),
    );
  } finally {
    await store.remove();
  }
}

/** Model latency of the load and burst measurements: a fast real answer's time to complete. */
export const MODEL_LATENCY_MS = 200;

/** 100 people × 10 DMs each, model 200 ms: throughput and bot time (answer seen − sent − 200 ms). */
export async function loadHundred(rigs: Rigs, kind: BotKind, quick: boolean) {
  await rigs.fake.setLatency(MODEL_LATENCY_MS);
  const people = freshPeople('slack', quick ? 50 : 100);
  const turns = quick ? 4 : 10;
  const measured = await withBot(
    rigs,
    kind,
    'slack',
    {},
    (bot) => converse(rigs, bot, freshPeople('slack', 20), 2),
    (bot) => converse(rigs, bot, people, turns, { spreadMs: MODEL_LATENCY_MS }),
  );
  return { ...measured, people: people.length, turnsEach: turns, turnsPerSecond: (measured.answered.length / measured.wallMs) * 1000, botTime: summarize(measured.answered.map((ms) => ms - MODEL_LATENCY_MS)), ack: summarize(measured.acked) };
}

/** Slack's acknowledgement window: an event not answered 200 within it is delivered again. */
export const ACK_WINDOW_MS = 3_000;

/** 300 signed DM events from 300 people within one second, model 200 ms: acknowledgements and answers. */
export async function burstThreeHundred(rigs: Rigs, kind: BotKind) {
  await rigs.fake.setLatency(MODEL_LATENCY_MS);
  const people = freshPeople('slack', 300);
  const measured = await withBot(
    rigs,
    kind,
    'slack',
    {},
    (bot) => converse(rigs, bot, freshPeople('slack', 20), 2),
    (bot) => burst(rigs, bot, people, 1_000),
  );
  return { ...measured, ack: summarize(measured.acked), ackedAfterWindow: measured.acked.filter((ms) => ms > ACK_WINDOW_MS).length + measured.failedAcks, answer: summarize(measured.answered) };
}

/** Memory after many distinct conversations of one turn each, through Slack (model instant). */
export async function memoryUnder(rigs: Rigs, kind: BotKind, conversations: number, cacheSize: number | undefined) {
  await rigs.fake.setLatency(0);
  let before = { rss: 0, heapUsed: 0, external: 0 };
  let after = before;
  const env: Record<string, string> = cacheSize === undefined ? {} : { CONVERSATION_CACHE_SIZE: String(cacheSize) };
  const measured = await withBot(
    rigs,
    kind,
    'slack',
    { env, memoryProbe: true },
    async (bot) => {
      await converse(rigs, bot, freshPeople('slack', 300), 1, { concurrency: 50 });
      before = await bot.memory();
    },
    async (bot) => {
      const result = await converse(rigs, bot, freshPeople('slack', conversations), 1, { concurrency: 50 });
      after = await bot.memory();
      return result;
    },
  );
  return { ...measured, conversations, cacheSize: cacheSize ?? null, before, after, heapBytesPerConversation: (after.heapUsed - before.heapUsed) / conversations, rssAfterBytes: after.rss };
}

/** Percentiles of answer times of a one-at-a-time run (model instant: the whole time is the bot's and the platform's). */
export function answerTimes(result: DriveResult): Summary {
  return summarize(result.answered);
}
