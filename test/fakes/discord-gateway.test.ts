// The fake gateway routes events as Discord does, so the shard tests through it mean something.
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeDiscordGateway, type FakeDiscordGateway } from './discord-gateway.js';
import { waitFor } from './slack-api.js';

const fixture = createRequire(import.meta.url);
const botUser = fixture('../fixtures/discord/bot-user.json') as Record<string, any>;
const guildCreate = fixture('../fixtures/discord/guild-create.json') as Record<string, any>;
// The fixture guild's id lands on shard 1 of 2; one 2^22 further lands on shard 0.
const GUILD_ON_1 = guildCreate.id as string;
const GUILD_ON_0 = String(BigInt(GUILD_ON_1) + (1n << 22n));

/** A raw gateway client: identifies with `shard` and keeps every dispatch it receives. */
async function identify(gateway: FakeDiscordGateway, shard?: unknown) {
  const socket = new WebSocket(`${gateway.url}/?v=10&encoding=json`);
  const dispatches: Array<{ t: string; d: any }> = [];
  let closeCode: number | undefined;
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.op === 0) dispatches.push({ t: frame.t, d: frame.d });
  });
  socket.on('close', (code) => (closeCode = code));
  await once(socket, 'open');
  socket.send(JSON.stringify({ op: 2, d: { token: 'Bot t', intents: 0, properties: {}, ...(shard === undefined ? {} : { shard }) } }));
  return { socket, dispatches, closed: () => waitFor(() => closeCode, 'the close') };
}

describe('fake Discord gateway sharding', () => {
  let gateway: FakeDiscordGateway;
  const sockets: WebSocket[] = [];
  const start = async () => {
    gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [{ ...guildCreate, id: GUILD_ON_0 }, guildCreate] });
  };
  const client = async (shard?: unknown) => {
    const connected = await identify(gateway, shard);
    sockets.push(connected.socket);
    await waitFor(() => connected.dispatches.some((d) => d.t === 'READY'), 'READY');
    return connected;
  };
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    await gateway.close();
  });

  it('refuses an IDENTIFY whose shard id is not below its count with 4010', async () => {
    await start();
    for (const shard of [[2, 2], [0, 0], [-1, 2], 'zero']) {
      const connected = await identify(gateway, shard);
      sockets.push(connected.socket);
      expect(await connected.closed()).toBe(4010);
    }
  });

  it('tells each shard only its own guilds in READY and GUILD_CREATE', async () => {
    await start();
    const [zero, one] = [await client([0, 2]), await client([1, 2])];
    await waitFor(() => zero.dispatches.some((d) => d.t === 'GUILD_CREATE') && one.dispatches.some((d) => d.t === 'GUILD_CREATE'), 'the guilds');
    const guilds = (c: typeof zero) => c.dispatches.filter((d) => d.t === 'GUILD_CREATE').map((d) => d.d.id);
    expect([guilds(zero), guilds(one)]).toEqual([[GUILD_ON_0], [GUILD_ON_1]]);
    expect(zero.dispatches[0]!.d.shard).toEqual([0, 2]);
  });

  it('sends a guild event to its guild’s shard and a DM to shard 0', async () => {
    await start();
    const [zero, one] = [await client([0, 2]), await client([1, 2])];
    const messages = (c: typeof zero) => c.dispatches.filter((d) => d.t === 'MESSAGE_CREATE').map((d) => d.d.id);
    expect(gateway.dispatch('MESSAGE_CREATE', { id: 'in-0', guild_id: GUILD_ON_0 })).toBe(1);
    expect(gateway.dispatch('MESSAGE_CREATE', { id: 'in-1', guild_id: GUILD_ON_1 })).toBe(1);
    expect(gateway.dispatch('MESSAGE_CREATE', { id: 'dm' })).toBe(1);
    await waitFor(() => messages(zero).length === 2 && messages(one).length === 1, 'the messages');
    expect([messages(zero), messages(one)]).toEqual([['in-0', 'dm'], ['in-1']]);
  });

  it('sends every event to each session of one shard (a token started twice)', async () => {
    await start();
    const [first, second] = [await client(), await client([0, 1])];
    expect(gateway.dispatch('MESSAGE_CREATE', { id: 'm', guild_id: GUILD_ON_1 })).toBe(2);
    await waitFor(() => [first, second].every((c) => c.dispatches.some((d) => d.t === 'MESSAGE_CREATE')), 'both deliveries');
    expect(gateway.shards).toEqual([[0, 1], [0, 1]]);
  });
});
