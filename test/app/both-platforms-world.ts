// One process, both platforms: the real startApp(config) with Slack (HTTP mode) and Discord, every
// outside service faked on 127.0.0.1, and the steps the app-level tests are written in.
//
// Nothing here imports @slack/bolt or discord.js: the app loads them itself, in its own order, unless a
// test file imports one of them first on purpose (module load order decides which undici owns the
// process-wide dispatcher).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SlackAdapter } from '../../src/adapters/slack/index.js';
import { startApp, type RunningApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.js';
import { startFakeDiscordRest, type ApiMessage, type FakeDiscordRest, type RecordedCall } from '../fakes/discord-rest.js';
import { startFakeSlackApi, waitFor, type FakeFile, type FakeMessage, type FakeSlackApi } from '../fakes/slack-api.js';
import { mentionEvent, slashCommand, SlackEventSender, type EventEnvelope } from '../fakes/slack-events.js';
import { tempDir, textsOf } from '../support/core-harness.js';

export { waitFor } from '../fakes/slack-api.js';

const fixture = createRequire(import.meta.url);
const botUser = fixture('../fixtures/discord/bot-user.json') as Record<string, any>;
const guildCreate = fixture('../fixtures/discord/guild-create.json') as Record<string, any>;
const guildMessage = fixture('../fixtures/discord/message-create-guild.json') as Record<string, any>;
const commandInteraction = fixture('../fixtures/discord/interaction-create-command.json') as Record<string, any>;

/** People and places of both fake workspaces. */
export const people = {
  slack: { alice: 'U1111', general: 'C0GENERAL' },
  /** Alice, her nickname and #general come from the captured MESSAGE_CREATE. */
  discord: { alice: guildMessage.author.id as string, general: guildMessage.channel_id as string },
};

const SIGNING_SECRET = 'fake-signing-secret-both-platforms';
// A turn here takes a model call, streamed posts and edits on two platforms on a two-core machine.
const ANSWER_TIMEOUT_MS = 10_000;

/** A Slack mention as delivered, and the thread its conversation lives in. */
export interface SlackAsk {
  envelope: EventEnvelope;
  thread: string;
}

/** The running app, the fakes around it, and the steps of the tests. */
export interface BothPlatforms {
  readonly app: RunningApp;
  readonly anthropic: FakeAnthropic;
  readonly slack: FakeSlackApi;
  readonly rest: FakeDiscordRest;
  readonly gateway: FakeDiscordGateway;
  /** Alice mentions the bot in Slack's #general; with `inThread`, inside that thread. */
  slackMention(text: string, inThread?: SlackAsk): Promise<SlackAsk>;
  /** The bot's finished answer in the thread of `ask` whose text is `expected`. */
  slackAnswer(ask: SlackAsk, expected: string): Promise<FakeMessage>;
  /** Alice runs /export in Slack's #general; resolves with what respond() sent and the files in her DM. */
  slackExport(): Promise<{ response: Record<string, any>; files: FakeFile[] }>;
  /** Alice mentions the bot in Discord's #general; returns the message id. */
  discordMention(text: string): string;
  /** The bot's reply to Discord message `messageId` once its content is `expected`. */
  discordAnswer(messageId: string, expected: string): Promise<ApiMessage>;
  /** Alice runs /export in Discord's #general; resolves with the deferral and the final edit of the reply. */
  discordExport(): Promise<{ callback: RecordedCall; edit: RecordedCall }>;
  /** Stops the app and starts it again from the same config (same SQLite file, same fakes). */
  restart(): Promise<void>;
  /** Stops the app and the fakes and removes the store. */
  close(): Promise<void>;
}

/** Starts the fakes and `startApp` on a config parsed from an environment that points at them. */
export async function startBothPlatforms(): Promise<BothPlatforms> {
  const dir = await tempDir();
  const anthropic = await startFakeAnthropic();
  const slack = await startFakeSlackApi();
  slack.users.set(people.slack.alice, 'Alice');
  const rest = await startFakeDiscordRest({ botUser, applicationId: botUser.id });
  const gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [guildCreate] });
  rest.gatewayUrl = gateway.url;
  for (const channel of [...guildCreate.channels, ...guildCreate.threads]) rest.channels.set(channel.id, { guild_id: guildCreate.id, ...channel });

  const config: Config = parseConfig({
    ANTHROPIC_API_KEY: 'sk-ant-test-key-both-platforms',
    ANTHROPIC_BASE_URL: anthropic.url,
    MODEL_MAX_RETRIES: '0',
    // Only problems reach stderr; a passing run prints nothing.
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    PORT: '0',
    DISCORD_TOKEN: 'fake-discord-bot-token',
    DISCORD_API_URL: rest.url,
    STORE_URL: `sqlite://${join(dir.path, 'bot.sqlite')}`,
  });

  let app = await startApp(config);
  let discordIds = 1_329_000_000_000_000_000n;
  let commands = 0;

  const slackEvents = () => {
    const adapter = app.adapters.find((candidate) => candidate.name === 'slack') as SlackAdapter | undefined;
    if (adapter?.port === undefined) throw new Error('the app has no Slack adapter listening');
    return new SlackEventSender(`http://127.0.0.1:${adapter.port}/slack/events`, SIGNING_SECRET);
  };

  const world: BothPlatforms = {
    get app() {
      return app;
    },
    anthropic,
    slack,
    rest,
    gateway,
    async slackMention(text, inThread) {
      const envelope = mentionEvent({
        user: people.slack.alice,
        channel: people.slack.general,
        text: `<@${slack.botUserId}> ${text}`,
        ...(inThread ? { threadTs: inThread.thread } : {}),
      });
      const delivered = await slackEvents().event(envelope);
      if (delivered.status !== 200) throw new Error(`the app answered ${delivered.status} to a Slack event: ${delivered.body}`);
      return { envelope, thread: inThread?.thread ?? envelope.event.ts };
    },
    slackAnswer: (ask, expected) =>
      waitFor(
        () => slack.thread(people.slack.general, ask.thread).find((message) => !message.streaming && message.text === expected),
        `the Slack answer "${expected}"`,
        ANSWER_TIMEOUT_MS,
      ),
    async slackExport() {
      const id = `export-${++commands}`;
      const fields = slashCommand({ command: '/export', user: people.slack.alice, channel: people.slack.general, responseUrl: slack.responseUrl(id) });
      const delivered = await slackEvents().command(fields);
      if (delivered.status !== 200) throw new Error(`the app answered ${delivered.status} to /export: ${delivered.body}`);
      const response = await waitFor(() => slack.responses.find((candidate) => candidate.id === id), 'the /export response', ANSWER_TIMEOUT_MS);
      const dm = slack.dmChannelOf(people.slack.alice);
      return { response: response.body, files: slack.files.filter((file) => file.channel === dm) };
    },
    discordMention(text) {
      const id = String(discordIds++);
      gateway.dispatch('MESSAGE_CREATE', {
        ...structuredClone(guildMessage),
        id,
        nonce: id,
        timestamp: new Date().toISOString(),
        content: `<@${botUser.id}> ${text}`,
      });
      return id;
    },
    discordAnswer: (messageId, expected) =>
      waitFor(
        () => [...rest.messages.values()].find((message) => message.message_reference?.message_id === messageId && message.content === expected),
        `the Discord answer "${expected}"`,
        ANSWER_TIMEOUT_MS,
      ),
    async discordExport() {
      const id = String(discordIds++);
      const token = `token-${randomBytes(12).toString('hex')}`;
      gateway.dispatch('INTERACTION_CREATE', { ...structuredClone(commandInteraction), id, token, data: { ...commandInteraction.data, name: 'export' } });
      const callback = await rest.waitFor('POST /interactions/:id/:token/callback', (call) => call.path.includes(id));
      const edit = await rest.waitFor('PATCH /webhooks/:id/:token/messages/@original', (call) => call.path.includes(token));
      return { callback, edit };
    },
    async restart() {
      await app.stop(5_000);
      app = await startApp(config);
    },
    async close() {
      await app.stop(5_000);
      await Promise.all([anthropic.close(), slack.close(), rest.close(), gateway.close()]);
      await dir.cleanup();
    },
  };
  return world;
}

/** The texts of the messages in the latest model request whose last message contains `text`. */
export function modelSawWith(anthropic: FakeAnthropic, text: string): string[] {
  const request = anthropic.requests.findLast((candidate) => textsOf(candidate.body.messages).at(-1)?.includes(text));
  if (!request) throw new Error(`the model never received "${text}"`);
  return textsOf(request.body.messages);
}
