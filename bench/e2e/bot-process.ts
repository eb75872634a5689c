// Starts a benchmarked bot as its own process, as production runs it: Parley as `node dist/main.js`
// (built first), the naive and floor bots under tsx. Their CPU and RSS are read from /proc from outside.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../child.js';
import { processCpuMs, processRssBytes } from './proc.js';

/** Which bot. */
export type BotKind = 'parley' | 'naive' | 'floor';
/** Which platform path it is driven through. */
export type PlatformName = 'slack' | 'discord';

/** Settings of one bot start. */
export interface BotStart {
  kind: BotKind;
  platform: PlatformName;
  modelUrl: string;
  /** SLACK_API_URL or DISCORD_API_URL of the driver's fake. */
  platformApiUrl: string;
  /** Extra environment (e.g. CONVERSATION_CACHE_SIZE). */
  env?: Record<string, string>;
  /** Preload the memory probe (`--expose-gc`, IPC) so {@link RunningBot.memory} works. */
  memoryProbe?: boolean;
  /** A store file from a prefill; otherwise a fresh one in a temp folder. */
  storeUrl?: string;
  /** Extra Node flags, e.g. `--cpu-prof` to see where a turn's CPU goes. */
  nodeFlags?: string[];
  /** Parley's entry point for this start (default {@link PARLEY_MAIN}), to compare two builds in one run. */
  main?: string;
  /** The floor bot's FLOOR_PARTS, e.g. `bolt+web+stream` (bench/floor/exchanges.ts; default {@link PARLEY_SHAPED_FLOOR}). */
  floorParts?: string;
}

/** A bot process that logged ready. */
export interface RunningBot {
  kind: BotKind;
  platform: PlatformName;
  pid: number;
  /** The Slack HTTP receiver's port (Slack only). */
  port: number | undefined;
  /** Spawn → ready line, ms. */
  readyMs: number;
  storeUrl: string;
  cpuMs(): number;
  rssBytes(): number;
  /** Heap and RSS after GC, from the memory probe. */
  memory(): Promise<{ rss: number; heapUsed: number; external: number }>;
  /** Warn-or-worse log lines seen (Parley) or failure lines (naive), for the report. */
  problems: string[];
  stop(): Promise<void>;
}

/**
 * The floor bot a plain `floor` start runs: the exchanges of a Parley turn made through the same SDKs
 * (Slack: Bolt's receiver, WebClient posts, a streamed model request and the status line's two calls;
 * Discord: discord.js's REST manager, a streamed request and the typing call) with none of Parley's own work.
 */
export const PARLEY_SHAPED_FLOOR: Record<PlatformName, string> = { slack: 'bolt+web+stream+status', discord: 'rest+stream+typing' };

/** The bots' shared secrets and tokens with the driver's fakes. */
export const BENCH_SIGNING_SECRET = 'bench-signing-secret';
export const BENCH_DISCORD_TOKEN = 'bench-discord-token';

const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const PROBE = pathToFileURL(join(ROOT, 'bench/e2e/memory-probe.mjs')).href;
const READY_TIMEOUT_MS = 60_000;
/** Parley's entry point; BENCH_PARLEY_MAIN points a run at another build (e.g. to compare two commits). */
export const PARLEY_MAIN = process.env.BENCH_PARLEY_MAIN ?? 'dist/main.js';

/** A fresh store and how to remove it afterwards. */
export interface FreshStore {
  url: string;
  remove(): Promise<void>;
}

/**
 * A fresh store for one bot start: a SQLite file in a temp folder, or for Parley, when BENCH_STORE_URL
 * names a Redis server (`npm run bench -- --store=redis://127.0.0.1:6379`), a key prefix of its own
 * there, deleted afterwards. The naive bot always keeps its one SQLite record per conversation.
 */
export async function freshStoreUrl(kind: BotKind = 'parley'): Promise<FreshStore> {
  const shared = process.env.BENCH_STORE_URL;
  if (kind === 'parley' && shared) {
    if (!/^rediss?:/.test(shared)) throw new Error(`BENCH_STORE_URL: only redis:// is supported (got ${shared})`);
    const prefix = `parley-bench-${randomUUID().slice(0, 8)}:`;
    return { url: `${shared}${shared.includes('?') ? '&' : '?'}prefix=${prefix}`, remove: () => deleteRedisPrefix(shared, prefix) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  return { url: `sqlite://${join(dir, 'bot.sqlite')}`, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const { createClient } = await import('@redis/client');
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) if (keys.length > 0) await client.unlink(keys);
  } finally {
    client.destroy();
  }
}

function environment(start: BotStart, storeUrl: string, slackBotToken: string): NodeJS.ProcessEnv {
  const platform: Record<string, string> =
    start.platform === 'slack'
      ? { SLACK_BOT_TOKEN: slackBotToken, SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, SLACK_API_URL: start.platformApiUrl }
      : { DISCORD_TOKEN: BENCH_DISCORD_TOKEN, DISCORD_API_URL: start.platformApiUrl };
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ANTHROPIC_API_KEY: 'bench-key',
    ANTHROPIC_BASE_URL: start.modelUrl,
    STORE_URL: storeUrl,
    LOG_LEVEL: 'info',
    PORT: '0',
    // The limiter stays on (its cost is part of a turn) but never refuses a benchmark's turns.
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...platform,
    ...passedThrough(),
    ...(start.kind === 'floor' ? { FLOOR_PARTS: start.floorParts ?? PARLEY_SHAPED_FLOOR[start.platform] } : {}),
    ...start.env,
  };
}

/** `BENCH_BOT_X=v` in the driver's environment sets `X=v` for every bot (e.g. BENCH_BOT_MAX_CONCURRENT_TURNS=0). */
function passedThrough(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('BENCH_BOT_') && value !== undefined) out[name.slice('BENCH_BOT_'.length)] = value;
  return out;
}

/** Spawns a bot and waits for its ready line. */
export async function startBot(start: BotStart, slackBotToken = 'xoxb-test-bot-token'): Promise<RunningBot> {
  const fresh = start.storeUrl ? undefined : await freshStoreUrl(start.kind);
  const storeUrl = start.storeUrl ?? fresh!.url;
  const flags = [...(start.memoryProbe ? ['--expose-gc', '--import', PROBE] : []), ...(start.nodeFlags ?? [])];
  const script = start.kind === 'parley' ? [start.main ?? PARLEY_MAIN] : ['--import', TSX_LOADER, `bench/${start.kind}/${start.platform}.ts`];
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, ...script], {
    cwd: ROOT,
    env: environment(start, storeUrl, slackBotToken),
    stdio: ['ignore', 'ignore', 'pipe', ...(start.memoryProbe ? ['ipc' as const] : [])],
  });
  const problems: string[] = [];
  const { readyMs, port } = await awaitReady(child, start, started, problems);
  let nextId = 1;
  return {
    kind: start.kind,
    platform: start.platform,
    pid: child.pid!,
    port,
    readyMs,
    storeUrl,
    cpuMs: () => processCpuMs(child.pid!),
    rssBytes: () => processRssBytes(child.pid!),
    memory: () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error('memory probe did not answer')), 30_000);
        const onMessage = (message: { type?: string; id?: number; rss: number; heapUsed: number; external: number }) => {
          if (message.type !== 'memory' || message.id !== id) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve({ rss: message.rss, heapUsed: message.heapUsed, external: message.external });
        };
        child.on('message', onMessage);
        child.send({ type: 'memory', id });
      }),
    problems,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(forced);
      }
      if (fresh) await fresh.remove();
    },
  };
}

// Reads stderr until the ready line; afterwards keeps reading (a full pipe would block the bot) and
// keeps the first few warnings, so a benchmark that lost replies can say why.
function awaitReady(child: ChildProcess, start: BotStart, started: number, problems: string[]): Promise<{ readyMs: number; port: number | undefined }> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let port: number | undefined;
    let ready = false;
    const timer = setTimeout(() => fail(new Error(`${start.kind} (${start.platform}) not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!ready) child.kill('SIGKILL');
      reject(error);
    };
    child.once('exit', (code) => {
      if (!ready) fail(new Error(`${start.kind} (${start.platform}) exited (${code}) before ready: ${buffer.slice(-2000)}`));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (problems.length < 10 && /"level":"(warn|error)"|naive\.failed|\[ERROR\]|\[WARN\]/.test(line)) problems.push(line.slice(0, 500));
        if (ready || !line.startsWith('{')) continue;
        const entry = safeJson(line);
        if (typeof entry?.port === 'number' && (entry.event === 'slack.started' || entry.event === 'naive.ready')) port = entry.port;
        if (entry?.event === 'app.ready' || entry?.event === 'naive.ready') {
          ready = true;
          clearTimeout(timer);
          resolve({ readyMs: performance.now() - started, port });
        }
      }
      if (!ready && buffer.length > 100_000) buffer = buffer.slice(-10_000);
    });
  });
}

function safeJson(line: string): Record<string, any> | undefined {
  try {
    return JSON.parse(line) as Record<string, any>;
  } catch {
    return undefined;
  }
}
