// Benchmark 5: time from launch to the `app.ready` log line, for `npm start` and for `node dist/main.js`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './child.js';
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
  note?: string;
}

// A cold build of the whole tree can take a while on a loaded 2-core machine; a launch that has not
// logged app.ready by then is a failure, not a figure.
const LAUNCH_TIMEOUT_MS = 120_000;

/** Spawns a command in terminal-chat mode against the fake and resolves with the ms until app.ready, or null. */
async function timeToReady(command: string, args: string[], fake: RemoteFakeModel): Promise<{ ms: number; uptimeMs: number | null } | null> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-startup-'));
  const started = performance.now();
  // Without platform tokens the app starts its terminal chat on stdin, which stays open (piped) until we end it.
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ANTHROPIC_API_KEY: 'x', ANTHROPIC_BASE_URL: fake.url, LOG_LEVEL: 'info', STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` },
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
        resolve({ ms: performance.now() - started, uptimeMs: (JSON.parse(line) as { uptimeMs?: number }).uptimeMs ?? null });
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
  const npmStartRuns: number[] = [];
  if (!quick) {
    for (let i = 0; i < 2; i++) {
      await waitForQuiet();
      progress(`startup: npm start (${i + 1}/2)`);
      const run = await timeToReady('npm', ['start', '--silent'], fake);
      if (run) npmStartRuns.push(run.ms);
    }
    if (npmStartRuns.length === 0) notes.push('npm start never logged app.ready (does the tree compile?)');
  } else {
    notes.push('quick run: npm start (which rebuilds) skipped');
  }
  if (quick ? !existsSync(join(ROOT, 'dist/main.js')) && !(await build()) : !(await build())) notes.push('npm run build failed');
  const nodeDistRuns: number[] = [];
  const uptimes: number[] = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    await waitForQuiet(10_000);
    const run = await timeToReady(process.execPath, ['dist/main.js'], fake);
    if (!run) continue;
    nodeDistRuns.push(run.ms);
    if (run.uptimeMs !== null) uptimes.push(run.uptimeMs);
  }
  const result: StartupResult = {
    nodeDistMs: nodeDistRuns.length > 0 ? median(nodeDistRuns) : null,
    nodeDistRuns,
    npmStartMs: npmStartRuns.length > 0 ? median(npmStartRuns) : null,
    npmStartRuns,
    reportedUptimeMs: uptimes.length > 0 ? median(uptimes) : null,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
  printTable('Startup to app.ready (terminal-chat mode, SQLite store, ms; median of runs)', [
    { launch: 'node dist/main.js', ms: round(result.nodeDistMs, 0), runs: nodeDistRuns.length, 'app uptimeMs': round(result.reportedUptimeMs, 0) },
    { launch: 'npm start (builds first)', ms: round(result.npmStartMs, 0), runs: npmStartRuns.length, 'app uptimeMs': null },
  ]);
  await writeResult('startup', {
    definitions: { ready: 'the first stderr JSON line with "event":"app.ready"; wall time from spawn', mode: 'no platform tokens: terminal chat with stdin piped, ANTHROPIC_BASE_URL at the fake, LOG_LEVEL=info' },
    ...result,
  });
  return result;
}
