// Benchmark 5: time from launch to the `app.ready` log line, for `npm start` and for `node dist/main.js`
// in terminal mode, Slack HTTP mode and Discord mode (against the fake Web API, REST API and gateway).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './child.js';
import { startDiscordRig } from './e2e/discord-rig.js';
import { startDelayingProxy } from './delaying-proxy.js';
import { BENCH_DISCORD_TOKEN, BENCH_SIGNING_SECRET } from './e2e/bot-process.js';
import { startSlackRig } from './e2e/slack-rig.js';
import type { RemoteFakeModel } from './fake-model.js';
import { printTable, progress, writeResult } from './report.js';
import { median, round, waitForQuiet } from './stats.js';

/** Startup figures; null where a launch could not be measured. */
export interface StartupResult {
  /** Median ms from spawning `node dist/main.js` to `app.ready` on stderr. */
  nodeDistMs: number | null;
  nodeDistRuns: number[];
  /** Median ms from spawning `npm start` (which builds first) to `app.ready`. */
  npmStartMs: number | null;
  npmStartRuns: number[];
  /** The app's own `uptimeMs` field of the app.ready line (process start → ready), from the node runs. */
  reportedUptimeMs: number | null;
  /** Median CPU (user + system, from /proc) the process had used when it logged ready, terminal mode. */
  nodeDistCpuMs: number | null;
  /** `node dist/main.js` to ready with Slack HTTP credentials (fake Web API; auth.test, then listening). */
  slackMs: number | null;
  slackCpuMs: number | null;
  /** `node dist/main.js` to ready with a Discord token (fake REST API and gateway; logged in, READY). */
  discordMs: number | null;
  discordCpuMs: number | null;
  /** BENCH_API_LATENCY_MS: ms added to every call to the fakes (0: none), standing for a real API's round trip. */
  apiLatencyMs: number;
  note?: string;
}

/** Which platform a launch starts: none (terminal chat), Slack over HTTP, or Discord. */
type Mode = { kind: 'terminal' } | { kind: 'slack'; apiUrl: string } | { kind: 'discord'; apiUrl: string };

// The platform's settings of a launch; PORT=0 so parallel runs never fight over a port.
function modeEnv(mode: Mode): Record<string, string> {
  if (mode.kind === 'slack') return { PORT: '0', SLACK_BOT_TOKEN: 'xoxb-test-bot-token', SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, SLACK_API_URL: mode.apiUrl };
  if (mode.kind === 'discord') return { PORT: '0', DISCORD_TOKEN: BENCH_DISCORD_TOKEN, DISCORD_API_URL: mode.apiUrl };
  return {};
}

// utime + stime of a live process, in ms (clock ticks are 10 ms on Linux).
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

// A cold build of the whole tree can take a while on a loaded 2-core machine; a launch that has not
// logged app.ready by then is a failure, not a figure.
const LAUNCH_TIMEOUT_MS = 120_000;

/** Spawns a command against the fakes and resolves with the ms until app.ready (and the CPU used by then), or null. */
async function timeToReady(command: string, args: string[], modelUrl: string, mode: Mode = { kind: 'terminal' }): Promise<{ ms: number; uptimeMs: number | null; cpuMs: number | null } | null> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-startup-'));
  const started = performance.now();
  // Without platform tokens the app starts its terminal chat on stdin, which stays open (piped) until we end it.
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ANTHROPIC_API_KEY: 'x', ANTHROPIC_BASE_URL: modelUrl, LOG_LEVEL: 'info', STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}`, ...modeEnv(mode) },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  try {
    return await new Promise((resolve) => {
      let buffer = '';
      const timer = setTimeout(() => resolve(null), LAUNCH_TIMEOUT_MS);
      child.stderr!.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        const line = buffer.split('\n').find((l) => l.includes('"event":"app.ready"'));
        if (!line) return;
        clearTimeout(timer);
        const ms = performance.now() - started;
        resolve({ ms, uptimeMs: (JSON.parse(line) as { uptimeMs?: number }).uptimeMs ?? null, cpuMs: command === process.execPath ? cpuMsOf(child.pid!) : null });
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(null);
      });
    });
  } finally {
    child.stdin!.end();
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `npm run build` once; false when the tree does not compile. */
export async function build(): Promise<boolean> {
  const child = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code === 0)));
}

/** Benchmark 5: writes bench/results/startup.json. */
export async function benchStartup(fake: RemoteFakeModel, quick: boolean): Promise<StartupResult> {
  const notes: string[] = [];
  const latency = Number(process.env.BENCH_API_LATENCY_MS ?? 0);
  const delayed = latency > 0 ? await startDelayingProxy(fake.url, latency) : undefined;
  const modelUrl = delayed?.url ?? fake.url;
  try {
    return await launches(modelUrl, quick, latency, notes);
  } finally {
    await delayed?.close();
  }
}

async function launches(modelUrl: string, quick: boolean, latency: number, notes: string[]): Promise<StartupResult> {
  const npmStartRuns: number[] = [];
  if (!quick) {
    for (let i = 0; i < 2; i++) {
      await waitForQuiet();
      progress(`startup: npm start (${i + 1}/2)`);
      const run = await timeToReady('npm', ['start', '--silent'], modelUrl);
      if (run) npmStartRuns.push(run.ms);
    }
    if (npmStartRuns.length === 0) notes.push('npm start never logged app.ready (does the tree compile?)');
  } else {
    notes.push('quick run: npm start (which rebuilds) skipped');
  }
  if (quick ? !existsSync(join(ROOT, 'dist/main.js')) && !(await build()) : !(await build())) notes.push('npm run build failed');
  const nodeDistRuns: number[] = [];
  const nodeDistCpu: number[] = [];
  const uptimes: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    await waitForQuiet(10_000);
    const run = await timeToReady(process.execPath, ['dist/main.js'], modelUrl);
    if (!run) continue;
    nodeDistRuns.push(run.ms);
    if (run.cpuMs !== null) nodeDistCpu.push(run.cpuMs);
    if (run.uptimeMs !== null) uptimes.push(run.uptimeMs);
  }
  const platforms = await platformLaunches(modelUrl, quick ? 3 : 7, latency);
  const result: StartupResult = {
    nodeDistMs: nodeDistRuns.length > 0 ? median(nodeDistRuns) : null,
    nodeDistRuns,
    npmStartMs: npmStartRuns.length > 0 ? median(npmStartRuns) : null,
    npmStartRuns,
    reportedUptimeMs: uptimes.length > 0 ? median(uptimes) : null,
    nodeDistCpuMs: nodeDistCpu.length > 0 ? median(nodeDistCpu) : null,
    ...platforms,
    apiLatencyMs: latency,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
  printTable(`Startup to app.ready (SQLite store, ms; median of runs${latency > 0 ? `; every API call ${latency} ms late` : ''})`, [
    { launch: 'node dist/main.js', ms: round(result.nodeDistMs, 0), 'cpu ms': result.nodeDistCpuMs, runs: nodeDistRuns.length, 'app uptimeMs': round(result.reportedUptimeMs, 0) },
    { launch: 'npm start (builds first)', ms: round(result.npmStartMs, 0), 'cpu ms': null, runs: npmStartRuns.length, 'app uptimeMs': null },
    { launch: 'node dist/main.js, Slack HTTP (fake Web API)', ms: round(result.slackMs, 0), 'cpu ms': result.slackCpuMs, runs: null, 'app uptimeMs': null },
    { launch: 'node dist/main.js, Discord (fake REST + gateway)', ms: round(result.discordMs, 0), 'cpu ms': result.discordCpuMs, runs: null, 'app uptimeMs': null },
  ]);
  await writeResult('startup', {
    definitions: { ready: 'the first stderr JSON line with "event":"app.ready"; wall time from spawn', mode: 'no platform tokens: terminal chat with stdin piped, ANTHROPIC_BASE_URL at the fake, LOG_LEVEL=info; slack/discord: the same with the platform credentials pointed at the fakes', cpu: 'utime + stime from /proc when the ready line arrived' },
    ...result,
  });
  return result;
}

// Slack HTTP and Discord launches, alternating, against fakes in this process.
async function platformLaunches(modelUrl: string, runs: number, latency: number): Promise<Pick<StartupResult, 'slackMs' | 'slackCpuMs' | 'discordMs' | 'discordCpuMs'>> {
  const slack = await startSlackRig();
  const discord = await startDiscordRig();
  const slackApi = latency > 0 ? await startDelayingProxy(slack.api.url, latency) : undefined;
  const discordApi = latency > 0 ? await startDelayingProxy(discord.rest.url, latency) : undefined;
  const figures = { slack: { ms: [] as number[], cpu: [] as number[] }, discord: { ms: [] as number[], cpu: [] as number[] } };
  try {
    for (let i = 0; i < runs; i++) {
      for (const mode of [{ kind: 'slack', apiUrl: slackApi?.url ?? slack.api.url }, { kind: 'discord', apiUrl: discordApi?.url ?? discord.rest.url }] as const) {
        await waitForQuiet(10_000);
        progress(`startup: ${mode.kind} (${i + 1}/${runs})`);
        const run = await timeToReady(process.execPath, ['dist/main.js'], modelUrl, mode);
        if (!run) continue;
        figures[mode.kind].ms.push(run.ms);
        if (run.cpuMs !== null) figures[mode.kind].cpu.push(run.cpuMs);
      }
    }
  } finally {
    await slackApi?.close();
    await discordApi?.close();
    await slack.close();
    await discord.close();
  }
  const mid = (values: number[]) => (values.length > 0 ? median(values) : null);
  return { slackMs: mid(figures.slack.ms), slackCpuMs: mid(figures.slack.cpu), discordMs: mid(figures.discord.ms), discordCpuMs: mid(figures.discord.cpu) };
}
