// Starts the fakes (Slack Web API, Events API sender or Socket Mode server, Anthropic), the real core
// and the real Bolt-based adapter on port 0, and tears them down. Every Slack test builds on this.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModel, createParley, silentLogger, type ConversationKey, type Coordination, type Logger, type Parley } from '../../src/core/index.js';
import type { HttpRoute } from '../../src/adapters/platform-adapter.js';
import { createSlackAdapter, EVENTS_PATH, type SlackAdapter, type SlackAdapterConfig } from '../../src/adapters/slack/index.js';
import { createLeanFetch } from '../../src/http/lean-fetch.js';
import { slackKey } from '../../src/adapters/slack/keys.js';
import { openStore } from '../../src/store/open-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeSlackApi, waitFor, type FakeMessage, type FakeSlackApi } from '../fakes/slack-api.js';
import { dmEvent, mentionEvent, slashCommand, SlackEventSender, type DeliveryOptions, type EventEnvelope, type SaidInput } from '../fakes/slack-events.js';
import { startFakeSlackSocket, type FakeSlackSocket } from '../fakes/slack-socket.js';

export { waitFor } from '../fakes/slack-api.js';

/** People in the fake workspace. */
export const ALICE = 'U1111';
export const BOB = 'U2222';
export const CAROL = 'U3333';
/** Channels in the fake workspace. */
export const GENERAL = 'C0GENERAL';
export const RANDOM = 'C0RANDOM';
export const SIGNING_SECRET = 'fake-signing-secret-8f3a2c';

/** Settings of {@link startSlackHarness}. */
export interface SlackHarnessOptions {
  mode?: 'http' | 'socket';
  /** A store URL (default memory://); restarts keep it. */
  storeUrl?: string;
  /** Adapter settings to override (streaming, updateIntervalMs…). */
  adapter?: Partial<SlackAdapterConfig>;
  logger?: Logger;
  /** A route for the adapter's HTTP server to mount (as app.ts mounts the health check). */
  health?: HttpRoute;
  /** Wraps the store's coordination, to watch or hold the core's calls to it. */
  coordination?: (coordination: Coordination) => Coordination;
}

/** A running Slack stack over fakes. */
export interface SlackHarness {
  slack: FakeSlackApi;
  model: FakeAnthropic;
  socket: FakeSlackSocket | undefined;
  parley: Parley;
  adapter: SlackAdapter;
  /** Signed deliveries to the app's /slack/events (HTTP mode). */
  events: SlackEventSender;
  /** A person mentions the bot (`<@UBOT> ` is prefixed unless `raw`); resolves once Slack's request was answered. */
  mention(input: SaidInput & { raw?: boolean }, options?: DeliveryOptions): Promise<EventEnvelope>;
  /** A person writes in their DM with the bot. */
  dm(input: SaidInput, options?: DeliveryOptions): Promise<EventEnvelope>;
  /** Delivers any envelope (a fixture, a retry). */
  deliver(payload: EventEnvelope, options?: DeliveryOptions): Promise<{ status: number }>;
  /** Runs a slash command; resolves with what `respond()` posted to the response_url. */
  command(name: '/reset' | '/export', user: string, channel: string): Promise<Record<string, any>>;
  /**
   * Waits for a bot message in a thread (or a DM's top level, `threadTs` undefined) that is not streaming
   * and whose text equals `expected` (or passes it). Edited replies grow in place, so pass the final text
   * wherever the reply is posted and edited rather than streamed.
   */
  reply(channel: string, threadTs: string | undefined, expected?: string | ((text: string) => boolean)): Promise<FakeMessage>;
  /**
   * Resolves once everything delivered so far has been handled: a later, unrelated DM exchange is
   * answered only after it. Use it before asserting that something did NOT happen.
   */
  settle(): Promise<void>;
  /** Stops the adapter and the core, then starts new ones on the same store and fakes. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts everything; call `close()` in afterEach. */
export async function startSlackHarness(options: SlackHarnessOptions = {}): Promise<SlackHarness> {
  const mode = options.mode ?? 'http';
  const slack = await startFakeSlackApi();
  slack.users.set(ALICE, 'Alice').set(BOB, 'Bob').set(CAROL, 'Carol');
  const model = await startFakeAnthropic();
  const socket = mode === 'socket' ? await startFakeSlackSocket() : undefined;
  if (socket) slack.socketUrl = socket.url;
  const storeUrl = options.storeUrl ?? 'memory://';
  let commandCounter = 0;
  let settleCounter = 0;

  const boot = async () => {
    const { conversations: store, coordination } = await openStore(storeUrl);
    const shared = options.coordination ? options.coordination(coordination) : coordination;
    // The HTTP client production sends with (app.ts), for the model and the Web API alike.
    const fetch = createLeanFetch();
    const parley = createParley({
      store,
      coordination: shared,
      model: createAnthropicModel({ apiKey: 'test', baseURL: model.url, model: 'claude-sonnet-5-5', maxTokens: 256, maxRetries: 0, timeoutMs: 5_000, fetch }),
      systemPrompt: 'test',
      historyTokenBudget: 10_000,
    });
    const adapter = createSlackAdapter(
      {
        botToken: slack.botToken,
        apiUrl: slack.url,
        fetch,
        port: 0,
        ...(mode === 'socket' ? { appToken: slack.appToken } : { signingSecret: SIGNING_SECRET }),
        ...options.adapter,
      },
      { parley, coordination: shared, logger: options.logger ?? silentLogger, ...(options.health ? { health: options.health } : {}) },
    );
    try {
      await adapter.start();
    } catch (error) {
      await parley.close();
      throw error;
    }
    return { parley, adapter };
  };

  let running = await boot();
  const sender = () => new SlackEventSender(`http://127.0.0.1:${running.adapter.port}${EVENTS_PATH}`, SIGNING_SECRET);

  const deliver = async (payload: EventEnvelope, delivery: DeliveryOptions = {}) => {
    if (socket) {
      await socket.deliverEvent(payload, delivery.retryNum !== undefined ? { retryAttempt: delivery.retryNum, retryReason: delivery.retryReason ?? 'timeout' } : {});
      return { status: 200 };
    }
    const result = await sender().event(payload, delivery);
    if (result.status !== 200 && delivery.signWith === undefined && delivery.timestamp === undefined) {
      throw new Error(`the app answered ${result.status} to an event: ${result.body}`);
    }
    return result;
  };

  const harness: SlackHarness = {
    slack,
    model,
    socket,
    get parley() {
      return running.parley;
    },
    get adapter() {
      return running.adapter;
    },
    get events() {
      return sender();
    },
    async mention(input, delivery) {
      const text = input.raw ? input.text : `<@${slack.botUserId}> ${input.text}`;
      const payload = mentionEvent({ ...input, text });
      await deliver(payload, delivery);
      return payload;
    },
    async dm(input, delivery) {
      const payload = dmEvent(input);
      await deliver(payload, delivery);
      return payload;
    },
    deliver,
    async command(name, user, channel) {
      const id = `cmd-${++commandCounter}`;
      const fields = slashCommand({ command: name, user, channel, responseUrl: slack.responseUrl(id) });
      if (socket) {
        await socket.deliverCommand(fields);
      } else {
        const result = await sender().command(fields);
        if (result.status !== 200) throw new Error(`the app answered ${result.status} to ${name}: ${result.body}`);
      }
      return (await waitFor(() => slack.responses.find((response) => response.id === id), `the response to ${name}`)).body;
    },
    reply: (channel, threadTs, expected = () => true) =>
      waitFor(
        () =>
          slack
            .thread(channel, threadTs)
            .find((message) => !message.streaming && (typeof expected === 'string' ? message.text === expected : expected(message.text))),
        `a reply in ${channel}/${threadTs ?? 'top level'}`,
      ),
    async settle() {
      const marker = `settle marker ${++settleCounter}`;
      await harness.dm({ user: BOB, text: marker });
      await harness.reply(`D${BOB}`, undefined, `echo: ${marker}`);
    },
    async restart() {
      await running.adapter.stop();
      await running.parley.close();
      running = await boot();
    },
    async close() {
      await running.adapter.stop();
      await running.parley.close();
      await Promise.all([slack.close(), model.close(), socket?.close()]);
    },
  };
  return harness;
}

/** A temporary folder for a SQLite store, removed by `cleanup`. */
export async function tempStore(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-slack-'));
  return { url: `sqlite://${join(dir, 'bot.sqlite')}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The text of every user message the model received in a request, in order. */
/** The key of a channel thread's conversation (anyone's message there has it). */
export function threadKey(teamId: string, channel: string, threadTs: string): ConversationKey {
  return slackKey({ teamId, channel, threadTs, user: ALICE, dm: false });
}

/** The key of `user`'s DM conversation (its top level). */
export function dmKey(teamId: string, user: string): ConversationKey {
  return slackKey({ teamId, channel: 'D-any', user, dm: true });
}

export function userTexts(body: { messages: Array<{ role: string; content: unknown }> }): string[] {
  return body.messages.filter((message) => message.role === 'user').map((message) => textOf(message.content));
}

/** The text of a message's content (a string, or its text blocks joined). */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: { type?: string; text?: string }) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}
