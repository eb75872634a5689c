// Runs the real discord.js client (inside the Discord adapter) against the fake REST API and gateway,
// with a real core on the fake Anthropic API, and offers the steps the Discord tests are written in.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModel, createLogger, createParley, type Logger, type Parley } from '../../src/core/index.js';
import { createLeanFetch } from '../../src/http/lean-fetch.js';
import { openStore } from '../../src/store/open-store.js';
import { createDiscordAdapter, type DiscordAdapterConfig } from '../../src/adapters/discord/index.js';
import type { PlatformAdapter } from '../../src/adapters/platform-adapter.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.js';
import { startFakeDiscordRest, type ApiMessage, type FakeDiscordRest, type RecordedCall } from '../fakes/discord-rest.js';

const fixture = createRequire(import.meta.url);
const botUser = fixture('../fixtures/discord/bot-user.json') as Record<string, any>;
const guildCreate = fixture('../fixtures/discord/guild-create.json') as Record<string, any>;
const guildMessage = fixture('../fixtures/discord/message-create-guild.json') as Record<string, any>;
const dmMessage = fixture('../fixtures/discord/message-create-dm.json') as Record<string, any>;
const commandInteraction = fixture('../fixtures/discord/interaction-create-command.json') as Record<string, any>;

/** A person (or bot) who sends messages in the tests. */
export interface TestUser {
  id: string;
  username: string;
  global_name: string | null;
  bot?: boolean;
  /** Guild nickname, shown as the display name in shared threads. */
  nick?: string | null;
}

/** Ids and people of the fixtures. */
export const world = {
  botId: botUser.id as string,
  applicationId: botUser.id as string,
  guildId: guildCreate.id as string,
  general: '1000000000000000201',
  random: '1000000000000000202',
  thread: '1000000000000000301',
  alice: { id: '1000000000000000501', username: 'alice', global_name: 'Alice', nick: 'Alice (ops)' } satisfies TestUser,
  bob: { id: '1000000000000000502', username: 'bob', global_name: 'Bob', nick: null } satisfies TestUser,
  otherBot: { id: '1000000000000000503', username: 'helperbot', global_name: null, bot: true } satisfies TestUser,
  bot: { id: botUser.id as string, username: 'Parley', global_name: null, bot: true } satisfies TestUser,
};

/** Where a test message or command happens. */
export type TestPlace = { channel: string } | { thread: string } | { dm: true };

/** What a test message looks like. */
export interface TestMessage {
  from: TestUser;
  in: TestPlace;
  content: string;
  /** Adds a user mention of the bot in front of the content (default: true outside DMs). */
  mentionBot?: boolean;
  id?: string;
  mentionEveryone?: boolean;
  /** Replies to this message (kept by the fake REST, e.g. a reply of the bot). */
  replyTo?: ApiMessage;
  /** Whether Discord includes the replied-to user in `mentions` (the "ping" toggle of a reply). */
  pingReply?: boolean;
  webhookId?: string;
  type?: number;
  /** Attachment objects (from `rest.hostAttachment`). */
  attachments?: Record<string, any>[];
}

/** Settings of {@link startDiscordHarness}. */
export interface HarnessOptions {
  /** Store URL; default memory://. Use a sqlite:// file to test restarts. */
  storeUrl?: string;
  adapter?: Partial<Omit<DiscordAdapterConfig, 'token' | 'apiUrl'>>;
  /** A fake Anthropic API to share; started (and closed) by the harness when absent. */
  anthropic?: FakeAnthropic;
}

/** A running world: fakes, core and adapter. */
export interface DiscordHarness {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  anthropic: FakeAnthropic;
  parley: Parley;
  adapter: PlatformAdapter;
  /** Every structured log line written so far. */
  logs: Record<string, any>[];
  /** Dispatches MESSAGE_CREATE and returns the message id. */
  send(message: TestMessage): string;
  /** Dispatches MESSAGE_DELETE for a message sent earlier (as Discord does: ids only). */
  deleteMessage(messageId: string, place: TestPlace, from: TestUser): void;
  /** Dispatches MESSAGE_UPDATE with the message's new content (and edited_timestamp set). */
  editMessage(messageId: string, message: TestMessage): void;
  /** Sends a message and resolves with the final reply once the adapter is done with it. */
  ask(message: TestMessage): Promise<Reply>;
  /** Resolves once the adapter has finished handling a message (answered or failed). */
  handled(messageId: string): Promise<{ ok: boolean }>;
  /** The messages the bot posted in answer to a message, in order, as the fake holds them now. */
  repliesTo(messageId: string): ApiMessage[];
  /** Dispatches a slash command and resolves with the final edit of its ephemeral reply. */
  command(name: string, options: { from: TestUser; in: TestPlace; deliveries?: number; attachment?: Record<string, any> }): Promise<CommandOutcome>;
  /** Resolves with the first structured log line that matches (past lines included). */
  waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  /** What the model received in request n (default: the last), as role/text pairs. */
  modelSaw(n?: number): { role: string; text: string }[];
  /** Stops adapter and core, then builds new ones on the same store (the fakes keep running). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A finished answer to a message. */
export interface Reply {
  messageId: string;
  ok: boolean;
  /** The bot's messages answering it; the first replies to the question. */
  messages: ApiMessage[];
  /** All of their content joined with "\n". */
  text: string;
}

/** What a slash command produced. */
export interface CommandOutcome {
  /** The interaction callback (defer) call. */
  callback: RecordedCall;
  /** The final PATCH of @original. */
  edit: RecordedCall;
}

let nextId = 1_328_000_000_000_100_000n;
/** A new snowflake-like id. */
export const newId = () => String(nextId++);

/** Starts fakes, core and adapter, and waits until the bot is ready and its commands are registered. */
export async function startDiscordHarness(options: HarnessOptions = {}): Promise<DiscordHarness> {
  const ownAnthropic = !options.anthropic;
  const anthropic = options.anthropic ?? (await startFakeAnthropic());
  const rest = await startFakeDiscordRest({ botUser, applicationId: world.applicationId });
  const gateway = await startFakeDiscordGateway({ botUser, application: { id: world.applicationId, flags: 0 }, guilds: [guildCreate] });
  rest.gatewayUrl = gateway.url;
  for (const channel of [...guildCreate.channels, ...guildCreate.threads]) rest.channels.set(channel.id, { guild_id: world.guildId, ...channel });

  const logs: Record<string, any>[] = [];
  const logWaiters = new Set<() => void>();
  const logger: Logger = createLogger({
    level: 'debug',
    write: (line) => {
      logs.push(JSON.parse(line));
      for (const wake of [...logWaiters]) wake();
    },
  });
  const waitForLog = (match: (line: Record<string, any>) => boolean, timeoutMs = 15_000): Promise<Record<string, any>> => {
    const found = logs.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        logWaiters.delete(wake);
        reject(new Error('timed out waiting for a log line'));
      }, timeoutMs);
      const wake = () => {
        const line = logs.find(match);
        if (!line) return;
        clearTimeout(timer);
        logWaiters.delete(wake);
        resolve(line);
      };
      logWaiters.add(wake);
    });
  };

  const storeUrl = options.storeUrl ?? 'memory://';
  const build = async () => {
    const { conversations: store, coordination } = await openStore(storeUrl);
    const parley = createParley({
      store,
      coordination,
      model: createAnthropicModel({ apiKey: 'test', baseURL: anthropic.url, model: 'claude-sonnet-5-5', maxTokens: 256, maxRetries: 0, timeoutMs: 5000, fetch: createLeanFetch() }),
      systemPrompt: 'test',
      historyTokenBudget: 10_000,
      logger,
    });
    const adapter = createDiscordAdapter(
      // A short edit interval keeps the suite fast; the throttle test sets the real default back.
      { token: 'fake-bot-token', apiUrl: rest.url, editIntervalMs: 50, ...options.adapter },
      { parley, logger },
    );
    await adapter.start();
    return { parley, adapter };
  };

  let built = await build();

  const harness: DiscordHarness = {
    rest,
    gateway,
    anthropic,
    get parley() {
      return built.parley;
    },
    get adapter() {
      return built.adapter;
    },
    logs,
    send(message) {
      const id = message.id ?? newId();
      gateway.dispatch('MESSAGE_CREATE', messagePayload(id, message));
      return id;
    },
    deleteMessage(messageId, place, from) {
      const payload = messagePayload(messageId, { from, in: place, content: '' });
      gateway.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: payload.channel_id, ...(payload.guild_id ? { guild_id: payload.guild_id } : {}) });
    },
    editMessage(messageId, message) {
      gateway.dispatch('MESSAGE_UPDATE', { ...messagePayload(messageId, message), edited_timestamp: new Date().toISOString() });
    },
    async ask(message) {
      const messageId = harness.send(message);
      const { ok } = await harness.handled(messageId);
      const messages = harness.repliesTo(messageId);
      return { messageId, ok, messages, text: messages.map((m) => m.content).join('\n') };
    },
    async handled(messageId) {
      const line = await waitForLog((l) => l.event === 'discord.answered' && l.messageId === messageId);
      return { ok: Boolean(line.ok) };
    },
    repliesTo(messageId) {
      // The first piece replies to the question; the pieces after it follow in the same channel.
      const all = [...rest.messages.values()];
      const first = all.findIndex((m) => m.message_reference?.message_id === messageId);
      if (first === -1) return [];
      const pieces = [all[first]!];
      for (const message of all.slice(first + 1)) {
        if (message.channel_id !== all[first]!.channel_id) continue;
        if (message.message_reference) break;
        pieces.push(message);
      }
      return pieces;
    },
    waitForLog,
    async command(name, { from, in: place, deliveries = 1, attachment }) {
      const id = newId();
      const token = `token-${randomBytes(12).toString('hex')}`;
      const payload = interactionPayload(id, token, name, from, place);
      if (attachment) {
        // An attachment option: its value is the attachment id, resolved in data.resolved.attachments.
        payload.data.options = [{ name: 'file', type: 11, value: attachment.id }];
        payload.data.resolved = { attachments: { [attachment.id]: attachment } };
      }
      for (let i = 0; i < deliveries; i++) gateway.dispatch('INTERACTION_CREATE', payload);
      const callback = await rest.waitFor('POST /interactions/:id/:token/callback', (c) => c.path.includes(id));
      const edit = await rest.waitFor('PATCH /webhooks/:id/:token/messages/@original', (c) => c.path.includes(token));
      return { callback, edit };
    },
    modelSaw(n) {
      const request = n === undefined ? anthropic.lastRequest() : anthropic.requests[n];
      if (!request) throw new Error(`no model request ${n}`);
      return (request.body.messages as { role: string; content: unknown }[]).map((m) => ({ role: m.role, text: textOf(m.content) }));
    },
    async restart() {
      await built.adapter.stop();
      await built.parley.close();
      built = await build();
    },
    async close() {
      await built.adapter.stop();
      await built.parley.close();
      await Promise.all([rest.close(), gateway.close(), ownAnthropic ? anthropic.close() : Promise.resolve()]);
    },
  };
  return harness;
}

/** A temporary directory with a sqlite file URL in it, and its clean-up. */
export async function tempSqliteUrl(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-discord-'));
  return { url: `sqlite://${join(dir, 'bot.sqlite')}`, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((block: any) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('');
}

function userPayload(user: TestUser) {
  return { id: user.id, username: user.username, discriminator: '0', global_name: user.global_name, avatar: null, public_flags: 0, ...(user.bot ? { bot: true } : {}) };
}

function dmChannelOf(user: TestUser): string {
  // One DM channel per user, as Discord has.
  return `17${user.id.slice(2)}`;
}

function messagePayload(id: string, message: TestMessage): Record<string, any> {
  const inDm = 'dm' in message.in;
  const base = structuredClone(inDm ? dmMessage : guildMessage);
  const mentionBot = message.mentionBot ?? !inDm;
  const mentions: Record<string, any>[] = [];
  if (mentionBot) mentions.push(userPayload(world.bot));
  if (message.replyTo && message.pingReply !== false && message.replyTo.author?.id) mentions.push(message.replyTo.author);
  const payload: Record<string, any> = {
    ...base,
    id,
    nonce: id,
    timestamp: new Date().toISOString(),
    channel_id: 'dm' in message.in ? dmChannelOf(message.from) : 'thread' in message.in ? message.in.thread : message.in.channel,
    channel_type: inDm ? 1 : 'thread' in message.in ? 11 : 0,
    author: userPayload(message.from),
    content: mentionBot ? `<@${world.botId}> ${message.content}` : message.content,
    mentions,
    mention_everyone: message.mentionEveryone ?? false,
    type: message.type ?? (message.replyTo ? 19 : 0),
  };
  if (!inDm) payload.member = { ...base.member, nick: message.from.nick ?? null, roles: [] };
  if (message.replyTo) {
    payload.message_reference = { type: 0, message_id: message.replyTo.id, channel_id: message.replyTo.channel_id, ...(inDm ? {} : { guild_id: world.guildId }) };
    payload.referenced_message = message.replyTo;
  }
  if (message.webhookId) payload.webhook_id = message.webhookId;
  if (message.attachments) payload.attachments = message.attachments;
  return payload;
}

function interactionPayload(id: string, token: string, name: string, from: TestUser, place: TestPlace): Record<string, any> {
  const base = structuredClone(commandInteraction);
  const payload: Record<string, any> = { ...base, id, token, data: { ...base.data, name } };
  if ('dm' in place) {
    delete payload.guild_id;
    delete payload.guild;
    delete payload.guild_locale;
    delete payload.member;
    payload.user = userPayload(from);
    payload.context = 1;
    payload.authorizing_integration_owners = { '0': world.guildId };
    payload.channel_id = dmChannelOf(from);
    payload.channel = { id: payload.channel_id, type: 1, last_message_id: null, flags: 0, recipients: [userPayload(from)] };
    return payload;
  }
  payload.member = { ...base.member, user: userPayload(from), nick: from.nick ?? null };
  if ('thread' in place) {
    payload.channel_id = place.thread;
    payload.channel = {
      id: place.thread,
      type: 11,
      name: 'release planning',
      guild_id: world.guildId,
      parent_id: world.general,
      owner_id: world.alice.id,
      flags: 0,
      thread_metadata: { archived: false, archive_timestamp: '2026-01-10T09:30:00.000000+00:00', auto_archive_duration: 1440, locked: false },
      permissions: base.channel.permissions,
    };
  } else {
    payload.channel_id = place.channel;
    payload.channel = { ...base.channel, id: place.channel, name: place.channel === world.general ? 'general' : 'random' };
  }
  return payload;
}
