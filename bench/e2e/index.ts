// Benchmark 6: end to end through the platforms. The bot runs as its own process (`node dist/main.js`),
// signed Slack events go into its POST /slack/events and Discord events through a fake gateway, its
// Web API / REST and model calls go to fakes in other processes, and its CPU is read from /proc.
// A naive bot on the same SDKs (bench/naive/) is measured beside it in the same run.
import type { RemoteFakeModel } from '../fake-model.js';
import { printTable, progress, writeResult } from '../report.js';
import { median, round, waitForQuiet } from '../stats.js';
import { build } from '../startup.js';
import { PARLEY_MAIN, type BotKind, type PlatformName } from './bot-process.js';
import { startDiscordRig } from './discord-rig.js';
import type { Rigs } from './drive.js';
import { burstThreeHundred, cpuAtTen, cpuAtThousand, loadHundred, memoryUnder, type Measured, type Pacing } from './scenarios.js';
import { startSlackRig } from './slack-rig.js';

/** The measurements, selectable with `--e2e=cpu,load,burst,memory`. */
export const E2E_PARTS = ['cpu', 'load', 'burst', 'memory'] as const;
export type E2ePart = (typeof E2E_PARTS)[number];

/** Headline fields for summary.json (null where not measured). */
export type E2eSummary = Record<string, number | null>;

const KINDS: readonly BotKind[] = ['parley', 'naive'];
// At 10 turns and under the 100 × 10 load the floor bot runs too: what the same SDKs cost for a turn of
// Parley's shape with none of Parley's own work, the lowest CPU a turn (and the shortest tail) could
// reach without replacing them (bench/floor/exchanges.ts).
const WITH_FLOOR: readonly BotKind[] = ['parley', 'naive', 'floor'];
// Slack turns run one at a time. Discord's are ten people side by side, each one at a time: Parley's
// Discord answer waits out an edit interval (about a second) before its final edit, so one at a time
// would take minutes without changing the CPU a turn costs.
const PACING: Record<PlatformName, Pacing> = { slack: { concurrency: 1 }, discord: { concurrency: 10 } };

type Runs<T> = Record<BotKind, T[]>;
const runs = <T>(): Runs<T> => ({ parley: [], naive: [], floor: [] });

// Every finished measurement, written as it lands, so a run cut short still leaves its figures.
const partial: Record<string, unknown[]> = {};

async function repeat<T extends Measured>(label: string, rounds: number, measure: (kind: BotKind) => Promise<T>, kinds: readonly BotKind[] = KINDS): Promise<Runs<T>> {
  const out = runs<T>();
  for (let r = 0; r < rounds; r++) {
    for (const kind of r % 2 === 0 ? kinds : [...kinds].reverse()) {
      await waitForQuiet(10_000);
      progress(`e2e: ${label}, ${kind} (round ${r + 1}/${rounds})`);
      const measured = await measure(kind);
      out[kind].push(measured);
      (partial[label] ??= []).push(measured);
      await writeResult(`${process.env.BENCH_E2E_NAME ?? 'e2e'}-partial`, { partial });
    }
  }
  return out;
}

const med = (values: number[]) => (values.length > 0 ? median(values) : null);
const range = (values: number[]) => (values.length > 0 ? `${round(Math.min(...values), 2)}–${round(Math.max(...values), 2)}` : '—');
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);

/** Runs every end-to-end measurement; writes bench/results/e2e.json and returns the summary fields. */
export async function benchE2e(fake: RemoteFakeModel, quick: boolean, parts: ReadonlySet<E2ePart> = new Set(E2E_PARTS)): Promise<E2eSummary> {
  if (PARLEY_MAIN === 'dist/main.js' && !(await build())) throw new Error('npm run build failed: the end-to-end benchmark runs dist/main.js');
  const rigs: Rigs = { fake, slack: await startSlackRig(), discord: await startDiscordRig() };
  // Two rounds in a full run, in both orders (Parley first, then the naive bot first): the medians of a
  // third round moved figures by less than this machine's run-to-run noise, and the run stays within 10 minutes.
  const rounds = quick ? 1 : 2;
  try {
    const cpu: Record<PlatformName, { ten: Runs<Measured>; thousand: Runs<Measured> }> = {} as never;
    for (const platform of ['slack', 'discord'] as const) {
      cpu[platform] = { ten: runs(), thousand: runs() };
      if (!parts.has('cpu')) continue;
      cpu[platform] = {
        ten: await repeat(`${platform} CPU per turn at 10 turns`, rounds, (kind) => cpuAtTen(rigs, kind, platform, quick, PACING[platform]), WITH_FLOOR),
        thousand: await repeat(`${platform} CPU per turn at 1,000 turns`, rounds, (kind) => cpuAtThousand(rigs, kind, platform, quick, PACING[platform])),
      };
    }
    const load = parts.has('load') ? await repeat('100 people × 10 DMs, model 200 ms', rounds, (kind) => loadHundred(rigs, kind, quick), WITH_FLOOR) : runs<Awaited<ReturnType<typeof loadHundred>>>();
    const bursts = parts.has('burst') ? await repeat('300 DMs within 1 s', rounds, (kind) => burstThreeHundred(rigs, kind)) : runs<Awaited<ReturnType<typeof burstThreeHundred>>>();
    const conversations = quick ? 1_000 : 10_000;
    const none = runs<Awaited<ReturnType<typeof memoryUnder>>>();
    const memory = !parts.has('memory') ? { uncached: none, cachedAll: none, defaults: none } : {
      // The cache settings are Parley's; the naive bot keeps nothing between turns, so it runs once.
      uncached: await repeat(`memory, ${conversations} conversations, cache 0`, 1, (kind) => memoryUnder(rigs, kind, conversations, 0), ['parley']),
      cachedAll: await repeat(`memory, ${conversations} conversations, cache ${conversations}`, 1, async (kind) => memoryUnder(rigs, kind, conversations, conversations), ['parley']),
      defaults: await repeat(`memory, ${conversations} conversations, default cache`, 1, (kind) => memoryUnder(rigs, kind, conversations, undefined)),
    };
    const summary = summarise(cpu, load, bursts, memory, conversations);
    report(cpu, load, bursts, memory, summary);
    await writeResult(process.env.BENCH_E2E_NAME ?? 'e2e', {
      quick,
      store: process.env.BENCH_STORE_URL ? 'redis' : 'sqlite',
      definitions: DEFINITIONS,
      summary,
      cpu,
      load,
      bursts,
      memory,
    });
    return summary;
  } finally {
    await rigs.slack.close();
    await rigs.discord.close();
  }
}

const DEFINITIONS = {
  floor: 'bench/floor/*.ts under tsx: a turn of Parley’s shape through the same SDKs (Slack: Bolt receiver, WebClient, streamed SDK request, status set and cleared; Discord: discord.js gateway and REST, streamed SDK request, typing) with one SQLite record rewritten whole and nothing else; measured at 10 turns and under the 100 × 10 load only',
  path: 'Slack: signed Events API POSTs into the bot process (Bolt HTTPReceiver), Web API calls to the fake in the driver process; Discord: MESSAGE_CREATE from the fake gateway, REST calls to the fake. The model is the fake Anthropic API in its own process. Parley runs as `node dist/main.js` (SQLite store, or the Redis of --store=, LOG_LEVEL=info); the naive bots are bench/naive/*.ts under tsx.',
  cpuMsPerTurn: 'bot process CPU (utime+stime of /proc/<pid>/stat, all threads, 10 ms ticks) over the measured turns / turns; model instant',
  atTen: 'fresh conversations, turns 1–10 each; Slack one turn at a time, Discord ten people side by side (each one at a time)',
  atThousand: 'conversations prefilled to 990 turns in the bot’s own store format, two warm-up turns, then turns 993–1,002 measured',
  answered: 'a turn is answered when the fake platform API receives a post/edit/stream call whose visible text carries the turn’s marker (the marker ends the answer, so the answer is complete)',
  botTime: 'answered − sent − 200 ms model latency (one model request per turn)',
  ack: 'time from sending the signed POST /slack/events until its HTTP response',
  historyMisses: 'requests in which the fake model found an earlier exchange of the conversation missing or out of order (bench/e2e/history-check.ts)',
  backgroundCores: 'machine busy time (/proc/stat) minus the bot, the driver and the fake model, per second of wall time: other work on the shared machine',
  heapPerCachedConversation: '(heap after N conversations with CONVERSATION_CACHE_SIZE=N − the same with 0) / N, both after three forced GCs (memory probe over IPC)',
};

type Cpu = Record<PlatformName, { ten: Runs<Measured>; thousand: Runs<Measured> }>;
type Load = Runs<Awaited<ReturnType<typeof loadHundred>>>;
type Bursts = Runs<Awaited<ReturnType<typeof burstThreeHundred>>>;
type Memory = Record<'uncached' | 'cachedAll' | 'defaults', Runs<Awaited<ReturnType<typeof memoryUnder>>>>;

function summarise(cpu: Cpu, load: Load, bursts: Bursts, memory: Memory, conversations: number): E2eSummary {
  const out: E2eSummary = {};
  for (const platform of ['slack', 'discord'] as const) {
    for (const [label, set] of [['10', cpu[platform].ten], ['1000', cpu[platform].thousand]] as const) {
      const parley = med(set.parley.map((m) => m.cpuMsPerTurn));
      const naive = med(set.naive.map((m) => m.cpuMsPerTurn));
      out[`e2e_${platform}_cpu_ms_per_turn_${label}_parley`] = parley;
      out[`e2e_${platform}_cpu_ms_per_turn_${label}_naive`] = naive;
      out[`e2e_${platform}_cpu_ratio_${label}`] = ratio(parley, naive);
    }
    const floor = med(cpu[platform].ten.floor.map((m) => m.cpuMsPerTurn));
    out[`e2e_${platform}_cpu_ms_per_turn_10_floor`] = floor;
    out[`e2e_${platform}_cpu_ratio_10_floor`] = ratio(floor, med(cpu[platform].ten.naive.map((m) => m.cpuMsPerTurn)));
    out[`e2e_${platform}_calls_per_turn_parley`] = med(cpu[platform].ten.parley.map((m) => m.totalCallsPerTurn));
    out[`e2e_${platform}_calls_per_turn_naive`] = med(cpu[platform].ten.naive.map((m) => m.totalCallsPerTurn));
  }
  for (const kind of KINDS) {
    out[`e2e_slack_turns_per_s_100x10_${kind}`] = med(load[kind].map((m) => m.turnsPerSecond));
    out[`e2e_slack_bot_p50_ms_100x10_${kind}`] = med(load[kind].map((m) => m.botTime.p50));
    out[`e2e_slack_bot_p99_ms_100x10_${kind}`] = med(load[kind].map((m) => m.botTime.p99));
    out[`e2e_slack_burst_ack_p99_ms_${kind}`] = med(bursts[kind].map((m) => m.ack.p99));
    out[`e2e_slack_burst_acked_after_3s_${kind}`] = bursts[kind].length > 0 ? Math.max(...bursts[kind].map((m) => m.ackedAfterWindow)) : null;
    out[`e2e_slack_burst_unanswered_${kind}`] = bursts[kind].reduce((sum, m) => sum + m.lost, 0);
    out[`e2e_slack_ready_ms_${kind}`] = med(cpu.slack.ten[kind].map((m) => m.readyMs));
    out[`e2e_slack_rss_mb_${conversations}_conversations_${kind}`] = mb(memory.defaults[kind][0]?.rssAfterBytes);
    out[`e2e_slack_heap_bytes_per_conversation_${kind}`] = memory.defaults[kind][0]?.heapBytesPerConversation ?? null;
  }
  out.e2e_slack_turns_per_s_100x10_floor = med(load.floor.map((m) => m.turnsPerSecond));
  out.e2e_slack_bot_p50_ms_100x10_floor = med(load.floor.map((m) => m.botTime.p50));
  out.e2e_slack_bot_p99_ms_100x10_floor = med(load.floor.map((m) => m.botTime.p99));
  out.e2e_slack_turns_per_s_ratio = ratio(out.e2e_slack_turns_per_s_100x10_parley!, out.e2e_slack_turns_per_s_100x10_naive!);
  const cached = memory.cachedAll.parley[0];
  const uncached = memory.uncached.parley[0];
  out.e2e_slack_heap_bytes_per_cached_conversation = cached && uncached ? (cached.after.heapUsed - uncached.after.heapUsed) / conversations : null;
  const all = allMeasured(cpu, load, bursts, memory);
  out.e2e_lost_answers = all.reduce((sum, m) => sum + m.lost, 0);
  out.e2e_history_misses = all.reduce((sum, m) => sum + m.historyMisses, 0);
  out.e2e_history_checked = all.reduce((sum, m) => sum + m.historyChecked, 0);
  out.e2e_background_cores_median = med(all.map((m) => m.backgroundCores));
  out.e2e_background_cores_max = all.length > 0 ? Math.max(...all.map((m) => m.backgroundCores)) : null;
  return out;
}

function allMeasured(cpu: Cpu, load: Load, bursts: Bursts, memory: Memory): Measured[] {
  const sets: Runs<Measured>[] = [cpu.slack.ten, cpu.slack.thousand, cpu.discord.ten, cpu.discord.thousand, load, bursts, memory.uncached, memory.cachedAll, memory.defaults];
  return sets.flatMap((set) => [...set.parley, ...set.naive, ...set.floor]);
}

const mb = (bytes: number | undefined) => (bytes === undefined ? null : bytes / 1_048_576);

function report(cpu: Cpu, load: Load, bursts: Bursts, memory: Memory, summary: E2eSummary): void {
  const rows = [];
  for (const platform of ['slack', 'discord'] as const) {
    for (const [label, set] of [['10 turns', cpu[platform].ten], ['1,000 turns', cpu[platform].thousand]] as const) {
      for (const kind of WITH_FLOOR) {
        const list = set[kind];
        if (list.length === 0) continue;
        rows.push({
          path: platform,
          at: label,
          bot: kind,
          'cpu ms/turn (median)': round(med(list.map((m) => m.cpuMsPerTurn)), 2),
          range: range(list.map((m) => m.cpuMsPerTurn)),
          'calls/turn': round(med(list.map((m) => m.totalCallsPerTurn)), 2),
          lost: list.reduce((s, m) => s + m.lost, 0),
          'history misses': list.reduce((s, m) => s + m.historyMisses, 0),
          'background cores': range(list.map((m) => m.backgroundCores)),
        });
      }
    }
  }
  printTable('End to end: bot CPU per turn from /proc, model instant', rows);
  printTable(
    'End to end through Slack: 100 people × 10 DMs (model 200 ms); 300 DMs within 1 s (model 200 ms)',
    WITH_FLOOR.filter((kind) => load[kind].length + bursts[kind].length > 0).map((kind) => ({
      bot: kind,
      'turns/s': round(med(load[kind].map((m) => m.turnsPerSecond)), 0),
      'turns/s range': range(load[kind].map((m) => m.turnsPerSecond)),
      'bot p50 ms': round(med(load[kind].map((m) => m.botTime.p50)), 1),
      'bot p99 ms': round(med(load[kind].map((m) => m.botTime.p99)), 1),
      'p99 range': range(load[kind].map((m) => m.botTime.p99)),
      'burst ack p99 ms': round(med(bursts[kind].map((m) => m.ack.p99)), 0),
      'acked > 3 s (worst round)': summary[`e2e_slack_burst_acked_after_3s_${kind}`] ?? null,
      'burst unanswered': bursts[kind].reduce((s, m) => s + m.lost, 0),
    })),
  );
  printTable(
    'End to end through Slack: memory after distinct one-turn conversations (after GC)',
    (['uncached', 'defaults', 'cachedAll'] as const).flatMap((set) =>
      KINDS.flatMap((kind) =>
        memory[set][kind].map((m) => ({ bot: kind, cache: m.cacheSize ?? 'default', conversations: m.conversations, 'heap B/conv': round(m.heapBytesPerConversation, 0), 'rss after MB': round(mb(m.rssAfterBytes), 1) })),
      ),
    ),
  );
}
