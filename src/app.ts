import { userInfo } from 'node:os';
import type { PlatformAdapter } from './adapters/platform-adapter.js';
import type { Config } from './config/schema.js';
import { createAnthropicModel, createLogger, createParley, type Logger, type Parley } from './core/index.js';
import { openConversationStore } from './store/open-store.js';
import { defaultTools } from './tools/index.js';

/** A started Parley: the core, its adapters, and how to stop them. */
export interface RunningApp {
  parley: Parley;
  adapters: PlatformAdapter[];
  logger: Logger;
  /** Resolves when the terminal chat ends (never, for platform mode). */
  finished: Promise<void>;
  /** Stops adapters, waits for in-flight turns up to `timeoutMs`, closes the store. */
  stop(timeoutMs: number): Promise<void>;
}

/** Wires config → store → model → core → adapters, and starts every configured platform. */
export async function startApp(config: Config, io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream } = process): Promise<RunningApp> {
  const platforms = Boolean(config.SLACK_BOT_TOKEN || config.DISCORD_TOKEN);
  const logger = createLogger({
    // The terminal chat shares the screen with stderr, so it only shows warnings unless asked.
    level: !platforms && process.env.LOG_LEVEL === undefined ? 'warn' : config.LOG_LEVEL,
    secrets: [config.ANTHROPIC_API_KEY, config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.DISCORD_TOKEN].filter(
      (secret): secret is string => Boolean(secret),
    ),
  });
  const store = await openConversationStore(config.STORE_URL);
  const parley = createParley({
    store,
    model: createAnthropicModel({
      apiKey: config.ANTHROPIC_API_KEY,
      ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
      model: config.ANTHROPIC_MODEL,
      maxTokens: config.MAX_TOKENS,
      ...(config.TEMPERATURE !== undefined ? { temperature: config.TEMPERATURE } : {}),
      maxRetries: config.MODEL_MAX_RETRIES,
      timeoutMs: config.MODEL_TIMEOUT_MS,
    }),
    tools: defaultTools,
    systemPrompt: config.SYSTEM_PROMPT,
    historyTokenBudget: config.HISTORY_TOKEN_BUDGET,
    maxToolSteps: config.MAX_TOOL_STEPS,
    maxInputChars: config.MAX_INPUT_CHARS,
    cacheSize: config.CONVERSATION_CACHE_SIZE,
    logger,
  });
  const deps = { parley, logger };
  const adapters: PlatformAdapter[] = [];
  let finished: Promise<void> = new Promise(() => undefined);
  try {
    if (platforms) {
      adapters.push(...(await platformAdapters(config, deps)));
    } else {
      const { createTerminalAdapter } = await import('./adapters/terminal/index.js');
      const terminal = createTerminalAdapter(
        { userId: userInfo().username || 'local', input: io.stdin as NodeJS.ReadableStream & import('node:stream').Readable, output: io.stdout as NodeJS.WritableStream & import('node:stream').Writable, exportDir: 'exports' },
        deps,
      );
      finished = terminal.done;
      adapters.push(terminal);
    }
    for (const adapter of adapters) await adapter.start();
  } catch (error) {
    await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
    await parley.close();
    throw error;
  }
  logger.info('app.ready', { adapters: adapters.map((adapter) => adapter.name), uptimeMs: Math.round(process.uptime() * 1000) });
  return {
    parley,
    adapters,
    logger,
    finished,
    async stop(timeoutMs) {
      await Promise.allSettled(adapters.map((adapter) => adapter.stop()));
      const drained = parley.close().then(() => true);
      const timedOut = new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref());
      if (!(await Promise.race([drained, timedOut]))) logger.warn('app.shutdown_timeout', { timeoutMs });
    },
  };
}

// Discord is loaded before Slack on purpose: both bring undici, and the first to load installs the
// global dispatcher; discord.js file uploads break when Bolt's newer undici got there first.
async function platformAdapters(config: Config, deps: { parley: Parley; logger: Logger }): Promise<PlatformAdapter[]> {
  const adapters: PlatformAdapter[] = [];
  if (config.DISCORD_TOKEN) {
    const { createDiscordAdapter } = await import('./adapters/discord/index.js');
    adapters.push(createDiscordAdapter(discordConfig(config), deps));
  }
  if (config.SLACK_BOT_TOKEN) {
    const { createSlackAdapter } = await import('./adapters/slack/index.js');
    adapters.push(createSlackAdapter(slackConfig(config), deps));
  }
  return adapters;
}

function discordConfig(config: Config) {
  return {
    token: config.DISCORD_TOKEN!,
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
  };
}

function slackConfig(config: Config) {
  return {
    botToken: config.SLACK_BOT_TOKEN!,
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    port: config.PORT,
  };
}
