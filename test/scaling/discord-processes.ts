// Real Parley processes (node dist/main.js) on one Discord bot token and one store, each connected
// to the fake gateway as the shard its environment names, and the steps the shard tests use.
import { createRequire } from 'node:module';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { shardOf, startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.js';
import { startFakeDiscordRest, type ApiMessage, type FakeDiscordRest } from '../fakes/discord-rest.js';
import { waitFor } from '../fakes/slack-api.js';
import { tempDir } from '../support/core-harness.js';
import { buildOnce, spawnBuiltParley, type ParleyProcess } from '../support/spawn-parley.js';

const fixture = createRequire(import.meta.url);
const botUser = fixture('../fixtures/discord/bot-user.json') as Record<string, any>;
const guildCreate = fixture('../fixtures/discord/guild-create.json') as Record<string, any>;
const guildMessage = fixture('../fixtures/discord/message-create-guild.json') as Record<string, any>;
const dmMessage = fixture('../fixtures/discord/message-create-dm.json') as Record<string, any>;

const TOKEN = 'fake-discord-token-shards';
// Child processes on a loaded two-core machine: generous, since nothing here measures time.
export const SHARD_WAIT_MS = 60_000;

/** A guild of the fixture's shape whose id lands on `shard` of `count` (Discord's `(id >> 22) % count`). */
function guildOnShard(shard: number, count: number): Record<string, any> {
  let id = BigInt(guildCreate.id as string);
  while (shardOf({ guild_id: String(id) }, count) !== shard) id += 1n << 22n;
  // Channel ids take the guild id's last digits, so two guilds' channels never share an id.
  const suffix = String(id).slice(-4);
  const text = JSON.stringify(guildCreate).replaceAll(guildCreate.id, String(id)).replace(/"10000000000000002(\d\d)"/g, `"1${suffix}0000000000002$1"`).replace(/"10000000000000003(\d\d)"/g, `"1${suffix}0000000000003$1"`);
  return JSON.parse(text);
}

/** Where a message is sent: a guild's #general (mentioning the bot) or a person's DM. */
export type ShardPlace = { guild: 0 | 1 } | { dm: true };

/** The running processes and fakes, and what the shard tests do with them. */
export interface ShardWorld {
  gateway: FakeDiscordGateway;
  rest: FakeDiscordRest;
  model: FakeAnthropic;
  processes: ParleyProcess[];
  /** Guild ids: guilds[0] lands on shard 0 of two, guilds[1] on shard 1. */
  guilds: [string, string];
  /** Dispatches a MESSAGE_CREATE from `user` and returns its id and how many sessions it reached. */
  send(user: string, place: ShardPlace, text: string): { id: string; sessions: number };
  /** The bot's messages answering message `id`. */
  repliesTo(id: string): ApiMessage[];
  /** Waits until message `id` has a reply reading `echo: <text>` (the fake model's answer). */
  answered(id: string, text: string): Promise<void>;
  /** Kills process `index` with SIGKILL (no shutdown of any kind) and waits until it is gone. */
  kill(index: number): Promise<void>;
  /** Starts a new process with the settings of process `index` in its place (after it exited). */
  restart(index: number): Promise<void>;
  /** SIGTERMs every process (each finishes the turns it is answering) and waits for them to exit. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Builds once, starts the fakes, and one process per entry of `shardEnv` (its DISCORD_SHARD_* settings). */
export async function startShardProcesses(storeUrl: string, shardEnv: Array<Record<string, string>>): Promise<ShardWorld> {
  await buildOnce();
  const guilds = [guildOnShard(0, 2), guildOnShard(1, 2)];
  const model = await startFakeAnthropic();
  const rest = await startFakeDiscordRest({ botUser, applicationId: botUser.id, token: TOKEN });
  const gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds, token: TOKEN });
  rest.gatewayUrl = gateway.url;
  for (const guild of guilds) for (const channel of [...guild.channels, ...guild.threads]) rest.channels.set(channel.id, { guild_id: guild.id, ...channel });
  const folder = await tempDir();
  const start = async (env: Record<string, string>) => {
    const child = spawnBuiltParley(
      {
        ANTHROPIC_API_KEY: 'sk-ant-test-key',
        ANTHROPIC_BASE_URL: model.url,
        MODEL_MAX_RETRIES: '0',
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: rest.url,
        STORE_URL: storeUrl,
        PORT: '0',
        LOG_LEVEL: 'info',
        RATE_LIMIT_PER_MINUTE: '0',
        ...env,
      },
      folder.path,
    );
    await child.waitFor(/"event":"discord.commands_registered"/, 'stderr');
    return child;
  };
  // One after another: each IDENTIFY is then answered before the next process connects, as Discord's
  // max_concurrency of 1 would have them.
  const processes: ParleyProcess[] = [];
  for (const env of shardEnv) processes.push(await start(env));

  let ids = 1_330_000_000_000_000_000n;
  const repliesTo = (id: string) => [...rest.messages.values()].filter((message) => message.message_reference?.message_id === id);
  const stop = async () => {
    for (const child of processes) if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill('SIGTERM');
    await Promise.all(processes.map((child) => child.exited));
  };
  return {
    gateway,
    rest,
    model,
    processes,
    guilds: [guilds[0]!.id, guilds[1]!.id],
    send(user, place, text) {
      const id = String(ids++);
      const author = { id: user, username: `user${user.slice(-3)}`, discriminator: '0', global_name: null, avatar: null, public_flags: 0 };
      const payload =
        'dm' in place
          ? { ...structuredClone(dmMessage), id, nonce: id, timestamp: new Date().toISOString(), channel_id: `17${user.slice(2)}`, author, content: text }
          : {
              ...structuredClone(guildMessage),
              id,
              nonce: id,
              timestamp: new Date().toISOString(),
              guild_id: guilds[place.guild]!.id,
              channel_id: guilds[place.guild]!.channels[0].id,
              author,
              member: { ...guildMessage.member, nick: null },
              content: `<@${botUser.id}> ${text}`,
            };
      // Discord keeps the message: a process may fetch it again by id (the recovery of a dead process's messages does).
      rest.messages.set(id, payload as unknown as ApiMessage);
      return { id, sessions: gateway.dispatch('MESSAGE_CREATE', payload) };
    },
    repliesTo,
    async kill(index) {
      processes[index]!.child.kill('SIGKILL');
      await processes[index]!.exited;
    },
    async restart(index) {
      await processes[index]!.exited;
      processes[index] = await start(shardEnv[index]!);
    },
    async answered(id, text) {
      await waitFor(() => repliesTo(id).some((message) => message.content === `echo: ${text}`), `the answer to "${text}"`, SHARD_WAIT_MS);
    },
    stop,
    async close() {
      await stop();
      await Promise.all([rest.close(), gateway.close(), model.close()]);
      await folder.cleanup();
    },
  };
}
