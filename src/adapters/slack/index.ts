// The Slack adapter: Bolt over HTTP (POST /slack/events) or Socket Mode, talking to the core only.
import type { AddressInfo } from 'node:net';
import { App, HTTPModuleFunctions, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import { commandDeps } from '../../commands/index.js';
import { ConfigError, withinTime, type Logger } from '../../core/index.js';
import { ConnectionStatus } from '../shared/connection-status.js';
import { listenError } from '../shared/listen-error.js';
import { guardEventsEndpoint } from './request-guard.js';
import { authenticate, slackStartupError } from './start-up.js';
import type { AdapterDeps, HttpRoute } from '../platform-adapter.js';
import { DEFAULT_FILE_LIMITS } from '../shared/files.js';
import { agentListeners, DEFAULT_SUGGESTED_PROMPTS, StatusSwitch } from './agent.js';
import { slackSdkLogger } from './bolt-logger.js';
import { createWriter, readerOptions, type ClientSettings } from './clients.js';
import { registerCommands } from './commands.js';
import type { SlackContext } from './context.js';
import { messageListeners, PENDING_PLATFORM, resumeMessage } from './events.js';
import { SLACK } from './keys.js';
import { listenToEvents } from './listeners.js';
import type { PersonMessage } from './message-filter.js';
import { StreamingSwitch, slackErrorCode } from './reply-stream.js';
import { StartedThreads } from './started-threads.js';
import type { SlackAdapter, SlackAdapterConfig, SlackAdapterDeps } from './types.js';
import { UserNames } from './user-names.js';

export type { SlackAdapter, SlackAdapterConfig, SlackAdapterDeps } from './types.js';
import { slackHelpText } from './guide.js';
export { slackHelpText };

/** Where Slack sends events and slash commands in HTTP mode (the manifest's request URLs). */
export const EVENTS_PATH = '/slack/events';
// Answers already being written get this long to finish when the adapter stops.
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Creates the Slack adapter; nothing connects until start(). */
export function createSlackAdapter(config: SlackAdapterConfig, deps: SlackAdapterDeps): SlackAdapter {
  const mode = config.appToken ? 'socket' : 'http';
  if (mode === 'http' && !config.signingSecret) {
    throw new ConfigError(['SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode']);
  }
  const sdkLogger = slackSdkLogger(deps.logger);
  const settings: ClientSettings = { token: config.botToken, logger: sdkLogger, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}), ...(config.fetch ? { fetch: config.fetch } : {}) };
  const inFlight = new Set<Promise<void>>();
  let receiver: (Receiver & { stop(): Promise<unknown> }) | undefined;
  let port: number | undefined;
  let identity: Record<string, string | number> | undefined;
  // Only Socket Mode holds a connection; HTTP mode has nothing to lose but its port.
  const connection = mode === 'socket' ? new ConnectionStatus() : undefined;

  // Every handler's work is tracked so stop() can let answers in progress reach Slack.
  const track = (work: () => Promise<void>): Promise<void> => {
    const running = work().catch((error: unknown) => {
      const slackError = slackErrorCode(error);
      if (slackError) deps.metrics?.increment('platform_api_errors', 1, { platform: 'slack', code: slackError });
      deps.logger.warn('slack.handler_failed', { slackError, error });
    });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  };

  return {
    name: SLACK,
    mode,
    get port() {
      return port;
    },
    get identity() {
      return identity;
    },
    ...(connection ? { status: () => connection.read() } : {}),
    async start() {
      if (receiver) throw new Error('the Slack adapter is already started');
      const reader = new webApi.WebClient(config.botToken, readerOptions(settings));
      // auth.test first, once and within a time limit: a wrong token or URL stops start-up naming the variable.
      const auth = await authenticate(settings);
      const writer = createWriter(settings);
      countRateLimits([reader, writer], deps);
      const ctx: SlackContext = {
        parley: deps.parley,
        commands: deps.commands ?? commandDeps(deps.parley),
        logger: deps.logger,
        bot: { userId: auth.userId, ...(auth.botId ? { botId: auth.botId } : {}) },
        reader,
        writer,
        names: new UserNames(reader, deps.logger, {
          ...(config.userNameCacheSize !== undefined ? { maxEntries: config.userNameCacheSize } : {}),
          ...(config.userNameTtlMs !== undefined ? { ttlMs: config.userNameTtlMs } : {}),
        }),
        streaming: new StreamingSwitch(config.streaming ?? true),
        statusSwitch: new StatusSwitch(),
        fileLimits: config.fileLimits ?? DEFAULT_FILE_LIMITS,
        botToken: config.botToken,
        ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
        dedupe: { firstSeen: (id: string) => deps.parley.firstDelivery(id) },
        threads: new StartedThreads(deps.coordination),
        ...(config.updateIntervalMs !== undefined ? { updateIntervalMs: config.updateIntervalMs } : {}),
        track,
      };
      const built = buildReceiver(config, settings, { sdk: sdkLogger, parley: deps.logger }, [...(deps.routes ?? []), ...(deps.health ? [deps.health] : [])]);
      const app = new App({
        receiver: built,
        token: config.botToken,
        // Known ids mean Bolt never calls auth.test itself (its eager call would be an unobserved promise).
        botUserId: ctx.bot.userId,
        botId: ctx.bot.botId ?? '',
        clientOptions: readerOptions(settings),
        logger: sdkLogger,
        // Bolt's conversation store is an unbounded in-memory map the adapter does not need.
        convoStore: false,
      });
      // Without a handler Bolt rethrows listener errors; the adapter's handlers catch their own, so
      // anything arriving here is Bolt's (authorization, a malformed payload): log it and keep serving.
      app.error(async (error) => {
        deps.logger.warn('slack.bolt_error', { code: (error as { code?: unknown }).code, slackError: slackErrorCode(error), error });
      });
      listenToEvents(app, { ...messageListeners(ctx), ...agentListeners(ctx, { prompts: config.suggestedPrompts ?? DEFAULT_SUGGESTED_PROMPTS, helpText: slackHelpText() }) });
      registerCommands(app, ctx);
      if (built instanceof HTTPReceiver) {
        const host = config.host ?? '0.0.0.0';
        const server = await built.start({ port: config.port, host }).catch((error: unknown) => Promise.reject(listenError(error, config.port, host)));
        port = (server.address() as AddressInfo).port;
      } else {
        watchSocket(built, connection!, deps);
        await withinTime(
          built.start().then(
            () => true,
            (error: unknown) => Promise.reject(slackStartupError(error, config.apiUrl, 'SLACK_APP_TOKEN')),
          ),
          SOCKET_START_TIMEOUT_MS,
          false,
        ).then((started) => {
          if (!started) throw new ConfigError([`SLACK_APP_TOKEN: Socket Mode did not connect within ${SOCKET_START_TIMEOUT_MS / 1000} s`]);
        });
      }
      receiver = built;
      // Messages of processes that died (and this one's own, from before a restart) are answered once it serves.
      deps.parley.resumePending<PersonMessage>(PENDING_PLATFORM, (message, recovery) => track(() => resumeMessage(ctx, message, recovery)));
      identity = {
        ...(auth.team ? { team: auth.team } : {}),
        ...(auth.teamId ? { teamId: auth.teamId } : {}),
        ...(auth.user ? { botUser: auth.user } : {}),
        botUserId: auth.userId,
        mode,
        ...(port !== undefined ? { listening: `http://${config.host ?? '0.0.0.0'}:${port}${EVENTS_PATH}` } : {}),
      };
      deps.logger.info('slack.started', { mode, ...identity, ...(port !== undefined ? { port, path: EVENTS_PATH } : {}) });
    },
    async stop() {
      const running = receiver;
      receiver = undefined;
      port = undefined;
      if (running) await running.stop().catch((error: unknown) => deps.logger.warn('slack.stop_failed', { error }));
      if (inFlight.size === 0) return;
      const timeoutMs = config.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
      const drained = await withinTime(Promise.allSettled([...inFlight]).then(() => true), timeoutMs, false);
      if (!drained) deps.logger.warn('slack.stop_timeout', { inFlight: inFlight.size, timeoutMs });
    },
  };
}

// Socket Mode's client retries a refused apps.connections.open; this bounds start-up like the other checks.
const SOCKET_START_TIMEOUT_MS = 10_000;

function buildReceiver(
  config: SlackAdapterConfig,
  settings: ClientSettings,
  loggers: { sdk: ReturnType<typeof slackSdkLogger>; parley: Logger },
  routes: HttpRoute[],
): HTTPReceiver | SocketModeReceiver {
  const logger = loggers.sdk;
  if (config.appToken) {
    // installerOptions.clientOptions is how Bolt hands slackApiUrl to the Socket Mode client (apps.connections.open).
    return new SocketModeReceiver({ appToken: config.appToken, logger, installerOptions: { clientOptions: readerOptions(settings) } });
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecret!,
    endpoints: EVENTS_PATH,
    port: config.port,
    logger,
    // The acknowledgement waits for the listeners, which only deduplicate and record the message in the
    // store (a few ms) and answer it in the background: a message Slack saw acknowledged is durable.
    processBeforeResponse: true,
    // The request guard (request-guard.ts) verifies every POST before Bolt sees it, with one HMAC where
    // Bolt's check costs three and 32 random bytes; Bolt verifying again would only repeat that work.
    signatureVerification: false,
    // This server owns PORT, so the operator routes live here rather than on a second server.
    ...(routes.length > 0 ? { customRoutes: routes.map((route) => ({ path: route.path, method: ['GET', 'HEAD'], handler: route.handler })) } : {}),
  });
  // Set here, beside `signatureVerification: false`: the receiver never serves without its guard.
  receiver.requestListener = guardEventsEndpoint(receiver.requestListener, {
    signingSecret: config.signingSecret!,
    logger: loggers.parley,
    dispatchError: (error, request, response) => HTTPModuleFunctions.defaultDispatchErrorHandler({ error: error as Error, logger, request, response }),
  });
  return receiver;
}

// Socket Mode's client reconnects by itself; readiness only needs to know how long it has been down.
function watchSocket(receiver: SocketModeReceiver, connection: ConnectionStatus, deps: AdapterDeps): void {
  receiver.client.on('connected', () => connection.up());
  receiver.client.on('disconnected', () => connection.down());
  receiver.client.on('reconnecting', () => {
    connection.down();
    deps.logger.info('slack.socket_reconnecting');
  });
}

// The Web API client emits rate_limited before it waits out a 429's Retry-After.
function countRateLimits(clients: webApi.WebClient[], deps: AdapterDeps): void {
  for (const client of clients) {
    client.on(webApi.WebClientEvent.RATE_LIMITED, () => deps.metrics?.increment('platform_rate_limited', 1, { platform: 'slack' }));
  }
}
