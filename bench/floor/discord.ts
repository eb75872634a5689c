// The floor Discord bot (see exchanges.ts): discord.js's gateway in (always: a raw gateway client is no
// floor anyone would ship), the naive turn, one message out. Parts: `rest` posts through discord.js's
// REST manager instead of a raw call; `typing` adds the typing indicator Parley sends before a request.
import { Client, Events, GatewayIntentBits, Partials, Routes } from 'discord.js';
import { failed, floorParts, floorTurn, postJson, ready } from './exchanges.js';

const parts = floorParts();
const token = process.env.DISCORD_TOKEN ?? '';
const apiUrl = (process.env.DISCORD_API_URL ?? '').replace(/\/$/, '');
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  rest: { api: apiUrl },
});
const post = (route: `/${string}`, body: Record<string, unknown>): Promise<unknown> =>
  parts.has('rest') ? client.rest.post(route, { body }) : postJson(`${apiUrl}/v10${route}`, { authorization: `Bot ${token}` }, body);
const turn = await floorTurn(parts, (channel, content) => post(Routes.channelMessages(channel), { content }));

client.on(Events.MessageCreate, (message) => {
  if (message.author.bot || !message.content) return;
  const typing = parts.has('typing') ? post(Routes.channelTyping(message.channelId), {}) : Promise.resolve();
  typing.then(() => turn(`${message.channelId}:${message.author.id}`, message.channelId, message.content)).catch(failed);
});
client.once(Events.ClientReady, () => ready());
await client.login(token);
process.on('SIGTERM', () => void client.destroy().finally(() => process.exit(0)));
