import { userInfo } from 'node:os';
import type { AdapterDeps, PlatformAdapter } from './adapters/platform-adapter.js';
import { commandDeps } from './commands/index.js';
import { DEFAULT_LOG_LEVEL, DEFAULT_PORT, type Config } from './config/schema.js';
import { createAnthropicModel, createLogger, createParley, priceFor, withinTime, type Logger, type CompactionOptions, type Coordination, type Metrics, type ModelPrice, type Parley, type PriceOverrides } from './core/index.js';
import { createTurnGuard } from './guard/index.js';
import { createLeanFetch, type FetchLike } from './http/lean-fetch.js';
import { HEALTH_PATH, type HealthHandler, type HealthServer } from './observability/health.js';
import { checkModelSettings, prepareOperations, serveOperations } from './operations.js';
import { openStore, storeUrlPassword } from './store/open-store.js';
import { defaultTools } from './tools/index.js';

/** A started Parley: the core, its adapters, and how to stop them. */
export interface RunningApp {
  parley: Parley;
  adapters: PlatformAdapter[];
  logger: Logger;
  /** Counters and timings (prom-client underneath; /metrics renders them). */
  metrics: Metrics;
  /** The handler of /livez, /readyz, /healthz and /metrics, for a server that owns PORT. */
  healthRoute: HealthHandler;
  /** The standalone health server, when one was started. */
  health?: HealthServer;
  /** Resolves when the terminal chat ends, with how many messages it read (never, for platform mode). */
  finished: Promise<{ messages: number }>;
  /** Stops adapters, waits for in-flight turns up to `timeoutMs`, abandons the rest unstored, closes the store. */
  stop(timeoutMs: number): Promise<void>;
}

/** Wires config → store → model → core → adapters, and starts every configured platform. */
export async function startApp(config: Config, io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream } = process): Promise<RunningApp> {
  const platforms = Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN);
  const logger = createLogger({
    // The terminal chat shares the screen with stderr, so it only shows warnings unless asked.
    level: config.LOG_LEVEL ?? (platforms ? DEFAULT_LOG_LEVEL : 'warn'),
    secrets: secretsOf(config),
  });
  // Start-up waits on three things at once (bench/RESULTS.md, "Start-up"): the platform libraries'
  // module evaluation (Bolt ~170 ms, discord.js ~320 ms of CPU), the store opening and the model check's
  // round trip. One after another, the waits added up; now the network and the store's file open run
  // while the libraries evaluate. Nothing starts until all three are done.
  const modules = adapterModules(config);
  // One HTTP client, with its connection pools, for the model API and Slack's Web API.
  const fetch = createLeanFetch();
  const [opening, checking] = await Promise.allSettled([
    openStore(config.STORE_URL, {
      callTimeoutMs: config.STORE_TIMEOUT_MS,
      onError: (error) => logger.warn('store.connection_error', { error }),
    }),
    checkModelSettings(config, logger, fetch),
  ]);
  // A store problem is named first, as when the store was opened before the check.
  if (opening.status === 'rejected') throw opening.reason;
  const shared = opening.value;
  if (checking.status === 'rejected') {
    await shared.close().catch(() => undefined);
    throw checking.reason;
  }
  const model = checking.value;
  const opened = shared.conversations;
  const ops = await prepareOperations(config, opened, logger);
  const { store, metrics } = ops;
  const parley = createParley({
    store,
    coordination: shared.coordination,
    leases: { ttlMs: config.LEASE_TTL_MS },
    pending: { maxAgeMs: config.PENDING_MAX_AGE_MS },
    model: ops.watch(createAnthropicModel({
      apiKey: config.ANTHROPIC_API_KEY,
      ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
      model: config.ANTHROPIC_MODEL,
      maxTokens: config.MAX_TOKENS,
      ...(config.TEMPERATURE !== undefined ? { temperature: config.TEMPERATURE } : {}),
      maxRetries: config.MODEL_MAX_RETRIES,
      timeoutMs: config.MODEL_TIMEOUT_MS,
      streamIdleMs: config.MODEL_STREAM_IDLE_MS,
      ...(config.MODEL_CONTEXT_TOKENS !== undefined ? { contextTokens: config.MODEL_CONTEXT_TOKENS } : {}),
      promptCaching: config.PROMPT_CACHING,
      ...priced(config.ANTHROPIC_MODEL, config.MODEL_PRICES),
      fetch,
      traces: config.ANTHROPIC_OPEN_TELEMETRY,
    })),
    tools: defaultTools,
    compaction: compactionOptions(config, fetch),
    systemPrompt: config.SYSTEM_PROMPT,
    historyTokenBudget: config.HISTORY_TOKEN_BUDGET,
    maxToolSteps: config.MAX_TOOL_STEPS,
    maxInputChars: config.MAX_INPUT_CHARS,
    cacheSize: config.CONVERSATION_CACHE_SIZE,
    maxConcurrentTurns: config.MAX_CONCURRENT_TURNS,
    guard: createTurnGuard(config, { coordination: shared.coordination }),
    metrics,
    logger,
  });
  const health = ops.handler;
  // The Slack HTTP receiver owns PORT when it runs, so it mounts the operator routes on its own server.
  const deps: AdapterDeps = { parley, logger, metrics, routes: ops.routes, commands: commandDeps(parley, config.MAX_IMPORT_BYTES) };
  let healthServer: HealthServer | undefined;
  const adapters: PlatformAdapter[] = [];
  let finished: Promise<{ messages: number }> = new Promise(() => undefined);
  try {
    if (platforms) {
      adapters.push(...platformAdapters(config, await modules, deps, shared.coordination, fetch));
    } else {
      const { createTerminalAdapter } = (await modules).terminal!;
      const terminal = createTerminalAdapter(
        { userId: userInfo().username || 'local', input: io.stdin as NodeJS.ReadableStream & import('node:stream').Readable, output: io.stdout as NodeJS.WritableStream & import('node:stream').Writable, exportDir: 'exports' },
        deps,
      );
      finished = terminal.done;
      adapters.push(terminal);
    }
    ops.watchAdapters(adapters);
    for (const adapter of adapters) await adapter.start();
    healthServer = await serveOperations(config, platforms, health, DEFAULT_PORT);
    if (healthServer) logger.info('health.listening', { port: healthServer.port, host: config.HOST, path: HEALTH_PATH });
  } catch (error) {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await parley.close();
    throw error;
  }
  logger.info('app.ready', {
    adapters: adapters.map((adapter) => adapter.name),
    ...Object.fromEntries(adapters.filter((adapter) => adapter.identity).map((adapter) => [adapter.name, adapter.identity])),
    ...(model ? { model: model.id } : {}),
    ...(healthServer ? { listening: `http://${config.HOST}:${healthServer.port}`, paths: ['/livez', '/readyz', HEALTH_PATH, '/metrics'] } : {}),
    uptimeMs: Math.round(process.uptime() * 1000),
  });
  return {
    parley,
    adapters,
    logger,
    metrics,
    healthRoute: health,
    ...(healthServer ? { health: healthServer } : {}),
    finished,
    async stop(timeoutMs) {
      // One deadline for everything: adapters stop taking events, then running turns get what is left.
      const deadline = Date.now() + timeoutMs;
      const stopped = Promise.allSettled(adapters.map((adapter) => adapter.stop())).then(() => true);
      if (!(await withinTime(stopped, timeoutMs, false))) logger.warn('app.adapters_stop_timeout', { timeoutMs });
      await parley.close(Math.max(0, deadline - Date.now()));
      // Abandoned turns end with ShuttingDown; give adapters a moment to post "I'm restarting" replies.
      await withinTime(stopped, ADAPTER_FAREWELL_MS, false);
      await healthServer?.close();
      logger.info('app.stopped', { ms: timeoutMs - Math.max(0, deadline - Date.now()) });
    },
  };
}

// Summaries come from the conversation's own model unless SUMMARY_MODEL names another: the summarising
// request repeats the conversation's cached prefix, which only the same model can read from the cache.
function compactionOptions(config: Config, fetch: FetchLike): CompactionOptions {
  if (config.COMPACTION === 'off' || !config.SUMMARY_MODEL || config.SUMMARY_MODEL === config.ANTHROPIC_MODEL) return { mode: config.COMPACTION };
  const summariser = createAnthropicModel({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    model: config.SUMMARY_MODEL,
    maxTokens: config.MAX_TOKENS,
    maxRetries: config.MODEL_MAX_RETRIES,
    timeoutMs: config.MODEL_TIMEOUT_MS,
    promptCaching: config.PROMPT_CACHING,
    ...priced(config.SUMMARY_MODEL, config.MODEL_PRICES),
    fetch,
    traces: config.ANTHROPIC_OPEN_TELEMETRY,
  });
  return { mode: 'summary', summariser };
}

/** The model's price when the table or MODEL_PRICES knows it (the client then puts a cost on every reply). */
function priced(model: string, overrides: PriceOverrides): { price?: ModelPrice } {
  const price = priceFor(model, overrides);
  return price ? { price } : {};
}

// After the store closes, how long adapters may still spend posting the replies of abandoned turns.
const ADAPTER_FAREWELL_MS = 2_000;

/** Every configured credential: the logger masks these wherever they appear. */
export function secretsOf(config: Config): string[] {
  const storePassword = storeUrlPassword(config.STORE_URL);
  return [config.ANTHROPIC_API_KEY, config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.DISCORD_TOKEN, config.METRICS_TOKEN, storePassword].filter(
    (secret): secret is string => Boolean(secret),
  );
}

/** The adapter modules this configuration runs, each loaded only when configured. */
interface AdapterModules {
  discord?: typeof import('./adapters/discord/index.js');
  slack?: typeof import('./adapters/slack/index.js');
  terminal?: typeof import('./adapters/terminal/index.js');
}

// Both platforms bring their own undici, and the first to load installs the global dispatcher. The
// Discord adapter pins discord.js to its own undici Agent (rest-agent.ts); loading Discord first (and
// Slack only once it has loaded) keeps Bolt's newer undici from ever being the one discord.js finds.
async function loadAdapterModules(config: Config): Promise<AdapterModules> {
  if (!config.SLACK_BOT_TOKEN && !config.DISCORD_TOKEN) return { terminal: await import('./adapters/terminal/index.js') };
  const discord = config.DISCORD_TOKEN ? await import('./adapters/discord/index.js') : undefined;
  const slack = config.SLACK_BOT_TOKEN ? await import('./adapters/slack/index.js') : undefined;
  return { ...(discord ? { discord } : {}), ...(slack ? { slack } : {}) };
}

// Loading starts at once; a start-up that fails first must not leave the load's own failure unhandled.
function adapterModules(config: Config): Promise<AdapterModules> {
  const loading = loadAdapterModules(config);
  loading.catch(() => undefined);
  return loading;
}

function platformAdapters(config: Config, modules: AdapterModules, deps: AdapterDeps, coordination: Coordination, fetch: FetchLike): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  if (modules.discord) adapters.push(modules.discord.createDiscordAdapter(discordConfig(config), deps));
  if (modules.slack) adapters.push(modules.slack.createSlackAdapter({ ...slackConfig(config), fetch }, { ...deps, coordination }));
  return adapters;
}

function discordConfig(config: Config) {
  return {
    token: config.DISCORD_TOKEN!,
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
    ...(config.DISCORD_SHARD_COUNT !== undefined ? { shardCount: config.DISCORD_SHARD_COUNT, ...(config.DISCORD_SHARDS ? { shards: config.DISCORD_SHARDS } : {}) } : {}),
    fileLimits: fileLimits(config),
    autoThread: config.DISCORD_AUTO_THREAD,
    drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  };
}

function slackConfig(config: Config) {
  return {
    botToken: config.SLACK_BOT_TOKEN!,
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    ...(config.SLACK_SUGGESTED_PROMPTS ? { suggestedPrompts: config.SLACK_SUGGESTED_PROMPTS } : {}),
    fileLimits: fileLimits(config),
    port: config.PORT ?? DEFAULT_PORT,
    host: config.HOST,
    drainTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  };
}

function fileLimits(config: Config) {
  return { maxFileBytes: config.MAX_FILE_BYTES, maxMessageBytes: config.MAX_MESSAGE_FILE_BYTES };
}
