// The Discord adapter: a discord.js client wired to the core through events.ts and commands.ts.
import { Client, Events, GatewayIntentBits, Options, Partials, RESTEvents } from './discord-js.js';
import { commandDeps } from '../../commands/index.js';
import { withinTime } from '../../core/index.js';
import type { AdapterDeps, PlatformAdapter } from '../platform-adapter.js';
import { createInteractionHandler, registerCommands } from './commands.js';
import { DEFAULT_FILE_LIMITS } from '../shared/files.js';
import { createAmendHandlers } from './edits.js';
import { DISCORD } from './keys.js';
import { PENDING_PLATFORM, createMessageHandler, type HeldMessage } from './events.js';
import { DEFAULT_EDIT_INTERVAL_MS, DEFAULT_TYPING_INTERVAL_MS } from './reply-stream.js';
import { createRestAgent } from './rest-agent.js';
import { ConnectionStatus } from '../shared/connection-status.js';
import { FATAL_CLOSE_CODES, login } from './start-up.js';
import type { DiscordAdapterConfig } from './types.js';

// The adapter's config type and its command set, for main.ts and docs tooling.
export type { DiscordAdapterConfig } from './types.js';
export { commandDefinitions } from './commands.js';

// Long enough for a normal answer to finish posting, short enough to stay inside SHUTDOWN_TIMEOUT_MS.
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Creates the Discord adapter; start() logs in, registers /reset and /export, and serves until stop(). */
export function createDiscordAdapter(config: DiscordAdapterConfig, deps: AdapterDeps): PlatformAdapter {
  const { logger } = deps;
  const client = new Client({
    // One process per shard, all on one store (docs/scaling.md); the store's claims answer each message once.
    ...(config.shardCount !== undefined ? { shardCount: config.shardCount, shards: config.shards ? [...config.shards] : [...Array(config.shardCount).keys()] } : {}),
    // MessageContent is privileged: without the toggle in the developer portal, mentions arrive empty.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
    // DM channels are never cached, so DM messages only arrive with the Channel partial; deletions and
    // edits of messages not in the cache (every one after a restart) only arrive with the Message partial.
    partials: [Partials.Channel, Partials.Message],
    // Parley reads no message back from discord.js's cache: its replies are kept by id
    // (own-messages.ts), a referenced message Discord left out is fetched, and edits and deletions
    // arrive as partials. discord.js's default keeps 200 messages per channel, which for DMs means
    // up to 200 per person, all built, kept and later collected for nothing.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    // No answer may ping @everyone, a role or a user through the model's text.
    allowedMentions: { parse: [], repliedUser: true },
    rest: { ...(config.apiUrl ? { api: config.apiUrl } : {}), agent: createRestAgent() },
  });
  const dedupe = { firstSeen: (id: string) => deps.parley.firstDelivery(id) };
  const connection = new ConnectionStatus();
  let identity: Record<string, string | number> | undefined;
  const inFlight = new Set<Promise<void>>();
  let accepting = false;

  // Handlers run detached from the gateway loop; stop() waits for the ones still answering.
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const messages = createMessageHandler({
    parley: deps.parley,
    logger,
    editIntervalMs: config.editIntervalMs ?? DEFAULT_EDIT_INTERVAL_MS,
    typingIntervalMs: config.typingIntervalMs ?? DEFAULT_TYPING_INTERVAL_MS,
    fileLimits: config.fileLimits ?? DEFAULT_FILE_LIMITS,
    ...(config.autoThread ? { autoThread: true } : {}),
  });
  const onAmend = createAmendHandlers({ parley: deps.parley, logger });
  const onInteraction = createInteractionHandler({ commands: deps.commands ?? commandDeps(deps.parley), logger, dedupe });

  client.on(Events.MessageCreate, (message) => {
    if (accepting) track(messages.received(message));
  });
  client.on(Events.MessageDelete, (message) => {
    if (accepting) track(onAmend.deleted(message));
  });
  client.on(Events.MessageUpdate, (_old, message) => {
    if (accepting) track(onAmend.edited(message));
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (accepting) track(onInteraction(interaction));
  });
  // Without 'error' listeners an EventEmitter error would end the process; log and keep serving.
  client.on(Events.Error, (error) => logger.error('discord.client_error', { error }));
  client.on(Events.ShardError, (error, shardId) => logger.error('discord.shard_error', { shardId, error }));
  client.on(Events.Warn, (message) => logger.warn('discord.warning', { message }));
  // discord.js resumes or reconnects the gateway on its own; these lines only make it visible.
  client.on(Events.ShardReconnecting, (shardId) => {
    connection.down();
    logger.info('discord.shard_reconnecting', { shardId });
  });
  client.on(Events.ShardResume, (shardId, replayedEvents) => {
    connection.up();
    logger.info('discord.shard_resumed', { shardId, replayedEvents });
  });
  client.on(Events.ShardReady, () => connection.up());
  // discord.js emits this only for close codes it will not recover from: the bot is deaf until restarted.
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const fix = FATAL_CLOSE_CODES[event.code] ?? `the gateway closed with code ${event.code} and discord.js will not reconnect; restart Parley`;
    connection.fatal(fix);
    logger.error('discord.gateway_closed', { shardId, code: event.code, fix });
  });
  client.rest.on(RESTEvents.RateLimited, () => deps.metrics?.increment('platform_rate_limited', 1, { platform: 'discord' }));
  client.rest.on(RESTEvents.Response, (_request, response) => {
    if (response.status >= 400) deps.metrics?.increment('platform_api_errors', 1, { platform: 'discord', code: String(response.status) });
  });
  client.on(Events.Invalidated, () => logger.error('discord.session_invalidated'));

  return {
    name: DISCORD,
    status: () => connection.read(),
    get identity() {
      return identity;
    },
    async start() {
      accepting = true;
      try {
        await login(client, config.token, config.apiUrl);
      } catch (error) {
        accepting = false;
        throw error;
      }
      connection.up();
      // Two REST calls that need only READY, made at once (one round trip before ready instead of
      // two; ~150 ms at a real API's latency, bench/RESULTS.md "Start-up"): the application's name for
      // the ready line, and the slash commands.
      const [, registration] = await Promise.all([
        client.application?.fetch().catch(() => undefined),
        registerCommands(client as Client<true>, config.guildId).then(
          () => undefined,
          (error: unknown) => ({ error }),
        ),
      ]);
      const user = client.user!;
      identity = {
        ...(client.application?.name ? { application: client.application.name } : {}),
        applicationId: client.application?.id ?? '',
        botUser: user.tag,
        botUserId: user.id,
        guilds: client.guilds.cache.size,
      };
      logger.info('discord.ready', { botId: user.id, ...identity });
      // Messages of processes that died (and this one's own, from before a restart) are answered once it is connected.
      deps.parley.resumePending<HeldMessage>(PENDING_PLATFORM, (held, recovery) => {
        const work = messages.resume(client as Client<true>, held, recovery);
        track(work.catch(() => undefined));
        return work;
      });
      // Mentions and DMs still work without the commands; say so loudly rather than refuse to start.
      if (registration) logger.error('discord.commands_register_failed', { error: registration.error });
      else logger.info('discord.commands_registered', { scope: config.guildId ? 'guild' : 'global' });
    },
    async stop() {
      accepting = false;
      await withinTime(Promise.allSettled([...inFlight]), config.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS, []);
      await client.destroy();
    },
  };
}
