// `npm run bench [-- --quick] [-- --only=e2e,overhead,growth,memory,adapters,startup,attachments,economy,stores | --all]
// [-- --store=redis://…]`: runs the benchmarks (by default all but the in-process memory and adapters ones),
// prints their tables, writes bench/results/*.json and the headline bench/results/summary.json.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { benchAdapters, type AdapterResult } from './adapters.js';
import { benchAttachments } from './attachments.js';
import { benchE2e, E2E_PARTS, type E2ePart } from './e2e/index.js';
import { benchEconomy, type EconomyRun } from './economy.js';
import { startRemoteFakeModel, type RemoteFakeModel } from './fake-model.js';
import { benchGrowth } from './growth.js';
import { benchMemory, type MemoryResult } from './memory.js';
import { printTable, progress, RESULTS_DIR } from './report.js';
import { benchStartup, type StartupResult } from './startup.js';
import { benchStores } from './stores.js';
import { cpuBusy, machineInfo, round, setQuietBudget } from './stats.js';
import { benchTurnOverhead, type ScenarioResult } from './turn-overhead.js';

const BENCHMARKS = ['e2e', 'overhead', 'growth', 'memory', 'adapters', 'startup', 'attachments', 'economy', 'stores'] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];
// What `npm run bench` runs without --only or --all. The in-process memory and adapter benchmarks are
// left out: the end-to-end benchmark measures both through real bot processes (memory under 10,000
// conversations, each platform's path), and without them a full run takes under 10 minutes.
const DEFAULT_BENCHMARKS: readonly BenchmarkName[] = ['e2e', 'overhead', 'growth', 'startup', 'attachments', 'economy', 'stores'];

/** The headline figures; null where a benchmark did not run or could not measure. */
type Summary = Record<string, number | null>;

function parseArgs(argv: readonly string[]): { quick: boolean; only: Set<BenchmarkName> } {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((arg) => arg.startsWith('--only='));
  const names = onlyArg ? onlyArg.slice('--only='.length).split(',') : argv.includes('--all') ? [...BENCHMARKS] : [...DEFAULT_BENCHMARKS];
  const unknown = names.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
  return { quick, only: new Set(names as BenchmarkName[]) };
}

/** `--e2e=cpu,burst` runs only those end-to-end measurements. */
function e2eParts(argv: readonly string[]): Set<E2ePart> {
  const arg = argv.find((a) => a.startsWith('--e2e='));
  const names = arg ? arg.slice('--e2e='.length).split(',') : [...E2E_PARTS];
  const unknown = names.filter((name) => !(E2E_PARTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown --e2e part(s): ${unknown.join(', ')} (known: ${E2E_PARTS.join(', ')})`);
  return new Set(names as E2ePart[]);
}

function overheadFields(results: ScenarioResult[]): Summary {
  const find = (conversations: number, latencyMs: number, model = 'sdk') =>
    results.find((r) => r.conversations === conversations && r.latencyMs === latencyMs && r.model === model);
  const at100 = find(100, 200);
  const burst = find(1000, 200);
  const zero = results.filter((r) => r.latencyMs === 0 && r.model === 'sdk');
  const stub100 = find(100, 0, 'stub');
  return {
    overhead_p50_ms_100: at100?.coreOverhead.p50 ?? null,
    overhead_p99_ms_100: at100?.coreOverhead.p99 ?? null,
    e2e_overhead_p50_ms_100: at100?.e2eOverhead.p50 ?? null,
    e2e_overhead_p99_ms_100: at100?.e2eOverhead.p99 ?? null,
    overhead_p99_ms_1: find(1, 200)?.coreOverhead.p99 ?? null,
    turns_per_s_0ms: zero.length > 0 ? Math.max(...zero.map((r) => r.turnsPerSecond)) : null,
    cpu_us_per_turn_0ms_100: find(100, 0)?.cpuUsPerTurn ?? null,
    ideal_ratio_1000x5_200ms: burst?.idealRatio ?? null,
    core_only_turns_per_s_100: stub100?.turnsPerSecond ?? null,
    core_only_cpu_us_per_turn_100: stub100?.cpuUsPerTurn ?? null,
    core_only_overhead_p99_ms_1: find(1, 0, 'stub')?.coreOverhead.p99 ?? null,
  };
}

function memoryFields(results: MemoryResult[]): Summary {
  const capped = results[0];
  return {
    rss_bytes_per_conversation: capped?.rssBytesPerConversation ?? null,
    marginal_rss_bytes_per_conversation: capped?.marginalRssBytesPerConversation ?? null,
    heap_bytes_per_conversation: capped?.heapBytesPerConversation ?? null,
    memory_conversations: capped?.conversations ?? null,
    cache_size: capped?.cacheSize ?? null,
  };
}

function adapterFields(results: AdapterResult[]): Summary {
  const of = (name: string) => results.find((r) => r.adapter === name);
  const fields: Summary = {};
  for (const name of ['slack', 'discord']) {
    const r = of(name);
    fields[`${name}_overhead_p50_ms`] = r?.overhead?.p50 ?? null;
    fields[`${name}_overhead_p99_ms`] = r?.overhead?.p99 ?? null;
    fields[`${name}_sustained_events_per_s`] = r?.sustainedEventsPerSecond ?? null;
  }
  return fields;
}

function economyFields(runs: EconomyRun[]): Summary {
  const [short, long] = runs;
  return {
    economy_cache_read_share_30: short?.cacheReadShare ?? null,
    economy_input_cost_vs_uncached_30: short?.inputCostVsUncached ?? null,
    economy_cache_read_share_200_budget_6000: long?.cacheReadShare ?? null,
    economy_input_cost_vs_uncached_200_budget_6000: long?.inputCostVsUncached ?? null,
    economy_total_cost_vs_uncached_200_budget_6000: long?.costVsUncached ?? null,
    economy_compactions_200_budget_6000: long?.compactions ?? null,
  };
}

function startupFields(result: StartupResult): Summary {
  return { startup_ms: result.nodeDistMs, npm_start_ms: result.npmStartMs, startup_slack_ms: result.slackMs, startup_discord_ms: result.discordMs };
}

/** Runs one benchmark; a failure leaves its fields null and is noted instead of ending the suite. */
async function attempt<T>(name: string, notes: string[], work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    notes.push(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    progress(`${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  }
}

/**
 * `--store=redis://…` runs Parley's end-to-end measurements on that Redis (a key prefix per bot start,
 * deleted after) instead of a SQLite file; their summary fields then read `e2e_redis_…`.
 */
function storeArg(argv: readonly string[]): string | undefined {
  const url = argv.find((a) => a.startsWith('--store='))?.slice('--store='.length);
  if (url) process.env.BENCH_STORE_URL = url;
  return url;
}

const onRedis = (fields: Summary, store: string | undefined): Summary =>
  store ? Object.fromEntries(Object.entries(fields).map(([name, value]) => [name.replace(/^e2e_/, 'e2e_redis_'), value])) : fields;

async function runAll(fake: RemoteFakeModel, quick: boolean, only: Set<BenchmarkName>, notes: string[]): Promise<Summary> {
  let summary: Summary = {};
  const store = storeArg(process.argv);
  if (only.has('e2e')) summary = { ...summary, ...onRedis((await attempt('e2e', notes, () => benchE2e(fake, quick, e2eParts(process.argv)))) ?? {}, store) };
  if (only.has('overhead')) summary = { ...summary, ...overheadFields((await attempt('overhead', notes, () => benchTurnOverhead(fake, quick))) ?? []) };
  if (only.has('growth')) {
    const growth = await attempt('growth', notes, () => benchGrowth(fake, quick));
    summary = { ...summary, growth_ratio_10k_vs_10: growth?.ratio ?? null, growth_cold_ratio_10k_vs_10: growth?.coldRatio ?? null, naive_growth_ratio_10k_vs_10: growth?.naiveRatio ?? null };
  }
  if (only.has('memory')) summary = { ...summary, ...memoryFields((await attempt('memory', notes, () => benchMemory(fake, quick))) ?? []) };
  if (only.has('adapters')) {
    const adapters = (await attempt('adapters', notes, () => benchAdapters(fake, quick))) ?? [];
    for (const r of adapters) if (r.note) notes.push(`${r.adapter}: ${r.note}`);
    summary = { ...summary, ...adapterFields(adapters) };
  }
  if (only.has('attachments')) {
    const files = await attempt('attachments', notes, () => benchAttachments(fake, quick));
    summary = {
      ...summary,
      image_1mb_first_turn_ms: files?.firstTurnWithImageMs ?? null,
      text_first_turn_ms: files?.firstTurnTextOnlyMs ?? null,
      image_1mb_next_turn_ms: files?.nextTurnAfterImageMs ?? null,
      text_next_turn_ms: files?.nextTurnAfterTextMs ?? null,
      image_1mb_tokens: files?.imageTokens ?? null,
      image_1mb_request_bytes: files?.requestBytesAdded ?? null,
    };
  }
  if (only.has('startup')) {
    const startup = await attempt('startup', notes, () => benchStartup(fake, quick));
    if (startup?.note) notes.push(`startup: ${startup.note}`);
    summary = { ...summary, ...(startup ? startupFields(startup) : { startup_ms: null, npm_start_ms: null }) };
  }
  if (only.has('economy')) summary = { ...summary, ...economyFields((await attempt('economy', notes, () => benchEconomy(quick))) ?? []) };
  if (only.has('stores')) {
    const stores = (await attempt('stores', notes, () => benchStores(quick))) ?? [];
    for (const r of stores) {
      const name = r.store.toLowerCase();
      summary = { ...summary, [`${name}_turn_p50_ms`]: r.turn.p50, [`${name}_lease_and_check_p50_ms`]: r.leaseAndCheck.p50, [`${name}_fenced_commit_p50_ms`]: r.fencedCommit.p50 };
    }
  }
  return summary;
}

// Every field the issue names, present (null when not measured) even in a partial run.
const REQUIRED_FIELDS = [
  'e2e_slack_cpu_ratio_10',
  'e2e_slack_cpu_ratio_1000',
  'e2e_discord_cpu_ratio_10',
  'e2e_discord_cpu_ratio_1000',
  'e2e_slack_cpu_ratio_10_floor',
  'e2e_discord_cpu_ratio_10_floor',
  'e2e_slack_turns_per_s_ratio',
  'e2e_slack_bot_p99_ms_100x10_parley',
  'e2e_slack_burst_acked_after_3s_parley',
  'e2e_slack_burst_ack_p99_ms_parley',
  'e2e_slack_calls_per_turn_parley',
  'e2e_slack_heap_bytes_per_cached_conversation',
  'e2e_lost_answers',
  'e2e_history_misses',
  'overhead_p50_ms_100',
  'overhead_p99_ms_100',
  'turns_per_s_0ms',
  'ideal_ratio_1000x5_200ms',
  'growth_ratio_10k_vs_10',
  'naive_growth_ratio_10k_vs_10',
  'rss_bytes_per_conversation',
  'slack_overhead_p99_ms',
  'discord_overhead_p99_ms',
  'startup_ms',
  'economy_cache_read_share_30',
  'economy_cache_read_share_200_budget_6000',
  'economy_input_cost_vs_uncached_200_budget_6000',
];

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  // On a shared machine a benchmark waits for quiet, but never long: the run must end.
  setQuietBudget(quick ? 2_000 : 10_000);
  const started = Date.now();
  const backgroundBusy = await cpuBusy(1000);
  const fake = await startRemoteFakeModel();
  const notes: string[] = [];
  let summary: Summary;
  try {
    summary = await runAll(fake, quick, only, notes);
  } finally {
    await fake.close();
  }
  const fields: Summary = Object.fromEntries(REQUIRED_FIELDS.map((name) => [name, null]));
  // A partial run (--only) keeps the figures it did not measure from the last summary, so measuring one
  // benchmark again does not erase the others; `runs` says when each benchmark last ran.
  const previous = only.size < BENCHMARKS.length ? await readPrevious() : {};
  for (const [name, value] of Object.entries(previous.fields ?? {})) fields[name] = value;
  for (const [name, value] of Object.entries(summary)) fields[name] = round(value, 3);
  // A --store= run is the Redis twin of e2e: it records its own time, not the SQLite run's.
  const ranAs = (name: string) => (name === 'e2e' && process.env.BENCH_STORE_URL ? 'e2e_redis' : name);
  const runs = { ...(previous.runs ?? {}), ...Object.fromEntries([...only].map((name) => [ranAs(name), new Date().toISOString()])) };
  const document = { ...fields, runs, quick, machine: machineInfo(), background_busy_at_start: round(backgroundBusy), duration_s: round((Date.now() - started) / 1000, 1), at: new Date().toISOString(), notes };
  await writeFile(join(RESULTS_DIR, 'summary.json'), JSON.stringify(document, null, 2) + '\n');
  printTable('Summary (bench/results/summary.json)', Object.entries(fields).map(([field, value]) => ({ field, value })));
  for (const note of notes) process.stdout.write(`note: ${note}\n`);
}

/** The numeric fields and run times of the committed summary, if there is one. */
async function readPrevious(): Promise<{ fields?: Summary; runs?: Record<string, string> }> {
  try {
    const document = JSON.parse(await readFile(join(RESULTS_DIR, 'summary.json'), 'utf8')) as Record<string, unknown>;
    const fields = Object.fromEntries(Object.entries(document).filter(([, value]) => typeof value === 'number' || value === null)) as Summary;
    delete fields.background_busy_at_start;
    delete fields.duration_s;
    return { fields, runs: (document.runs as Record<string, string> | undefined) ?? {} };
  } catch {
    return {};
  }
}

await main();
