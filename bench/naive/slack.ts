// The naive Slack bot: Bolt's HTTP receiver, one listener, one chat.postMessage per answer.
// Started by the benchmark as a child process; prints `{"event":"naive.ready","port":N}` on stderr.
import { App } from '@slack/bolt';
import { naiveConversations, naiveSettings } from './conversation.js';

const conversations = naiveConversations(naiveSettings());
const app = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  signingSecret: process.env.SLACK_SIGNING_SECRET!,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL! },
});

app.message(async ({ message, say }) => {
  if (message.subtype !== undefined || !('text' in message) || !message.text) return;
  const answer = await conversations.answer(`${message.channel}:${message.user}`, message.text);
  await say(answer);
});

const server = (await app.start(Number(process.env.PORT ?? 0))) as import('node:http').Server;
const address = server.address() as import('node:net').AddressInfo;
process.stderr.write(`${JSON.stringify({ event: 'naive.ready', port: address.port })}\n`);
process.on('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
