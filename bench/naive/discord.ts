// The naive Discord bot: discord.js, one messageCreate listener, one reply per answer.
// Started by the benchmark as a child process; prints `{"event":"naive.ready"}` on stderr.
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { naiveConversations, naiveSettings } from './conversation.js';

const conversations = naiveConversations(naiveSettings());
const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  rest: { api: process.env.DISCORD_API_URL! },
});

client.on(Events.MessageCreate, async (message) => {
  if (message.author.bot || !message.content) return;
  try {
    const answer = await conversations.answer(`${message.channelId}:${message.author.id}`, message.content);
    await message.reply(answer);
  } catch (error) {
    process.stderr.write(`${JSON.stringify({ event: 'naive.failed', error: String(error) })}\n`);
  }
});

client.once(Events.ClientReady, () => process.stderr.write(`${JSON.stringify({ event: 'naive.ready' })}\n`));
await client.login(process.env.DISCORD_TOKEN!);
process.on('SIGTERM', () => void client.destroy().finally(() => process.exit(0)));
