// Benchmark 1: what the bot adds to each turn, at 1, 100 and 1,000 concurrent conversations.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchMessage, startBenchCore } from './core.js';
import type { RemoteFakeModel } from './fake-model.js';
import { printTable, progress, writeResult } from './report.js';
import { median, round, summarize, waitForQuiet, type Summary } from './stats.js';

/**
 * One load shape: `conversations` people talking at once, each sending `turnsEach` messages one after
 * another (moving to a new conversation every 10 turns).
 */
export interface Scenario {
  conversations: number;
  turnsEach: number;
  latencyMs: number;
  /** Runs of the scenario, each on a fresh store; samples are pooled. */
  runs: number;
  /**
   * Spreads the conversations' first messages evenly over this many ms, as people do not all press
   * Enter in the same millisecond; 0 starts them together (a burst).
   */
  spreadMs: number;
  /** 'stub' answers in-process without HTTP, isolating the core; 'sdk' is the real client against the fake. */
  model: 'sdk' | 'stub';
}

/** Samples of one turn. */
interface TurnSample {
  e2eMs: number;
  modelMs: number;
  steps: number;
}

/** Outcome of one scenario. */
export interface ScenarioResult extends Scenario {
  turns: number;
  failures: number;
  /** End-to-end time minus the time inside ModelClient.step: the core's own work and waits. */
  coreOverhead: Summary;
  /** End-to-end time minus the fake's configured latency: the core plus the SDK, HTTP and the fake's parsing. */
  e2eOverhead: Summary;
  e2e: Summary;
  /** Median over runs of turns completed per second of wall time. */
  turnsPerSecond: number;
  /** Median over runs of wall time. */
  wallMs: number;
  /** wallMs / (turnsEach × latencyMs): 1.0 is a bot that adds nothing (null at 0 ms latency). */
  idealRatio: number | null;
  /** Median over runs of the bot process's CPU time per turn, µs (SDK and core together). */
  cpuUsPerTurn: number;
  /** Share of all cores other processes kept busy before each run. */
  backgroundBusy: Array<number | null>;
}

// Turns one conversation takes before its slot starts another: a chat-sized history of 20 messages.
const SESSION_TURNS = 10;

// No scenario may run longer than this, whatever its counts: the suite must always finish.
const SCENARIO_DEADLINE_MS = 120_000;

/** Runs every conversation's turns in sequence, all conversations at once, and times each turn. */
async function runOnce(fake: RemoteFakeModel, scenario: Scenario): Promise<RunOutcome> {
  const background = await waitForQuiet();
  await fake.setLatency(scenario.latencyMs);
  const core = await startBenchCore({ modelUrl: fake.url, stub: scenario.model === 'stub' });
  const samples: TurnSample[] = [];
  let failures = 0;
  const deadline = performance.now() + SCENARIO_DEADLINE_MS;
  const conversation = async (slot: number) => {
    if (scenario.spreadMs > 0) await sleep((slot / scenario.conversations) * scenario.spreadMs);
    for (let turn = 0; turn < scenario.turnsEach && performance.now() < deadline; turn++) {
      // A slot moves to a fresh conversation every SESSION_TURNS turns, so history stays chat-sized
      // (growth with length is benchmark 2's subject, not this one's).
      const n = slot + scenario.conversations * Math.floor(turn / SESSION_TURNS);
      const message = benchMessage(n, turn % SESSION_TURNS);
      const time = core.model.track(message.text);
      const started = performance.now();
      try {
        await core.parley.send(message);
        samples.push({ e2eMs: performance.now() - started, modelMs: time.ms, steps: time.steps });
      } catch {
        failures++;
      }
      core.model.forget(message.text);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: scenario.conversations }, (_, n) => conversation(n)));
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  await core.close();
  return { samples, failures, wallMs, cpuUsPerTurn: (user + system) / Math.max(1, samples.length), background };
}

/** Raw outcome of one run. */
interface RunOutcome {
  samples: TurnSample[];
  failures: number;
  wallMs: number;
  /** CPU time of the bot process per turn (µs): independent of what else the machine runs. */
  cpuUsPerTurn: number;
  /** Share of all cores busy just before the run (other processes), from /proc/stat. */
  background: number | null;
}

/** Runs a scenario `runs` times and pools the samples. */
export async function runScenario(fake: RemoteFakeModel, scenario: Scenario): Promise<ScenarioResult> {
  const all: TurnSample[] = [];
  const walls: number[] = [];
  const rates: number[] = [];
  const cpus: number[] = [];
  const backgrounds: Array<number | null> = [];
  let failures = 0;
  for (let run = 0; run < scenario.runs; run++) {
    const outcome = await runOnce(fake, scenario);
    all.push(...outcome.samples);
    walls.push(outcome.wallMs);
    rates.push((outcome.samples.length / outcome.wallMs) * 1000);
    failures += outcome.failures;
    cpus.push(outcome.cpuUsPerTurn);
    backgrounds.push(outcome.background);
  }
  const wallMs = summarize(walls).p50;
  return {
    ...scenario,
    turns: all.length,
    failures,
    coreOverhead: summarize(all.map((s) => s.e2eMs - s.modelMs)),
    e2eOverhead: summarize(all.map((s) => s.e2eMs - s.steps * scenario.latencyMs)),
    e2e: summarize(all.map((s) => s.e2eMs)),
    turnsPerSecond: summarize(rates).p50,
    wallMs,
    idealRatio: scenario.latencyMs > 0 && scenario.spreadMs === 0 ? wallMs / (scenario.turnsEach * scenario.latencyMs) : null,
    cpuUsPerTurn: median(cpus),
    backgroundBusy: backgrounds,
  };
}

/** The scenarios of a full or quick run. */
export function scenarios(quick: boolean): Scenario[] {
  const runs = quick ? 1 : 2;
  // At 0 ms every scenario is a burst: it measures throughput, and latency there is queue length.
  // At 200 ms the 1- and 100-conversation loads arrive spread over one model latency (the overhead
  // target's load); the 1,000 × 5 burst is the ideal-time target's load.
  return [
    { conversations: 1, turnsEach: quick ? 200 : 2000, latencyMs: 0, runs, spreadMs: 0, model: 'sdk' },
    { conversations: 100, turnsEach: quick ? 5 : 40, latencyMs: 0, runs, spreadMs: 0, model: 'sdk' },
    { conversations: 1000, turnsEach: quick ? 1 : 5, latencyMs: 0, runs, spreadMs: 0, model: 'sdk' },
    { conversations: 1, turnsEach: quick ? 3 : 20, latencyMs: 200, runs, spreadMs: 200, model: 'sdk' },
    { conversations: 100, turnsEach: quick ? 3 : 20, latencyMs: 200, runs, spreadMs: 200, model: 'sdk' },
    { conversations: 1000, turnsEach: quick ? 2 : 5, latencyMs: 200, runs: quick ? 1 : 2, spreadMs: 0, model: 'sdk' },
    // The same loads with the model answered in-process: the core's own cost, without the SDK's.
    { conversations: 1, turnsEach: quick ? 200 : 2000, latencyMs: 0, runs, spreadMs: 0, model: 'stub' },
    { conversations: 100, turnsEach: quick ? 10 : 50, latencyMs: 0, runs, spreadMs: 0, model: 'stub' },
    { conversations: 1000, turnsEach: quick ? 1 : 5, latencyMs: 0, runs, spreadMs: 0, model: 'stub' },
  ];
}

/** Runs a short load first so the SDK, SQLite and V8 are warm before anything is measured. */
async function warmUp(fake: RemoteFakeModel): Promise<void> {
  await runOnce(fake, { conversations: 20, turnsEach: 20, latencyMs: 0, runs: 1, spreadMs: 0, model: 'sdk' });
  await runOnce(fake, { conversations: 20, turnsEach: 20, latencyMs: 0, runs: 1, spreadMs: 0, model: 'stub' });
}

/** Benchmark 1: runs the scenarios, prints the table and writes bench/results/turn-overhead.json. */
export async function benchTurnOverhead(fake: RemoteFakeModel, quick: boolean): Promise<ScenarioResult[]> {
  progress('turn overhead: warming up');
  await warmUp(fake);
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(quick)) {
    progress(`turn overhead: ${scenario.conversations} conversations × ${scenario.turnsEach} turns at ${scenario.latencyMs} ms (${scenario.runs} runs)`);
    results.push(await runScenario(fake, scenario));
  }
  printTable(
    'Turn overhead (ms). core = end-to-end − time inside ModelClient.step; e2e = end-to-end − fake latency',
    results.map((r) => ({
      model: r.model,
      conversations: r.conversations,
      'model ms': r.latencyMs,
      arrivals: r.spreadMs > 0 ? `spread ${r.spreadMs} ms` : 'burst',
      turns: r.turns,
      'core p50': round(r.coreOverhead.p50),
      'core p99': round(r.coreOverhead.p99),
      'e2e-ovh p50': round(r.e2eOverhead.p50),
      'e2e-ovh p99': round(r.e2eOverhead.p99),
      'turns/s': round(r.turnsPerSecond, 0),
      'wall ms': round(r.wallMs, 0),
      'ideal ×': round(r.idealRatio),
      'cpu µs/turn': round(r.cpuUsPerTurn, 0),
      failures: r.failures,
    })),
  );
  await writeResult('turn-overhead', { definitions: DEFINITIONS, scenarios: results });
  return results;
}

/** What the figures mean, written into the JSON beside them. */
export const DEFINITIONS = {
  coreOverhead: 'per turn: time from parley.send() to its result, minus the time spent inside ModelClient.step (the SDK request to the fake and its reply). Covers validation, queueing, history load, request building, the SQLite commit, cache update, logging, and any wait for the event loop behind other conversations.',
  e2eOverhead: 'per turn: end-to-end time minus the fake model latency × model requests. Adds the SDK, HTTP on 127.0.0.1 and the fake server (in another process) to the core overhead.',
  turnsPerSecond: 'turns completed per second of wall time, all conversations together (median over runs)',
  idealRatio: 'wall time / (turns per conversation × model latency)',
  cpuUsPerTurn: 'CPU time (user + system) of the bot process per turn: the core, the SDK and HTTP client; the fake runs in another process',
};
