// The floor Slack bot (see exchanges.ts): signed events in, the naive turn, one chat.postMessage out.
// Parts: `bolt` receives through Bolt's App and HTTP receiver instead of node:http and one HMAC; `web`
// posts through Slack's WebClient instead of a raw Web API call; `status` adds the status line a
// top-level DM turn shows (assistant.threads.setStatus before the request, cleared after the post).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import { signatureRefusal } from '../../src/adapters/slack/signature.js';
import { failed, floorParts, floorTurn, leanFetch, postJson, ready } from './exchanges.js';

interface DmEvent {
  type: string;
  subtype?: string;
  channel: string;
  user: string;
  text?: string;
  ts: string;
}

const parts = floorParts();
const token = process.env.SLACK_BOT_TOKEN ?? '';
const secret = process.env.SLACK_SIGNING_SECRET ?? '';
const apiUrl = (process.env.SLACK_API_URL ?? '').replace(/\/?$/, '/');
const web = new webApi.WebClient(token, { slackApiUrl: apiUrl, fetch: leanFetch });
const call = (method: string, args: Record<string, unknown>): Promise<unknown> =>
  parts.has('web') ? web.apiCall(method, args) : postJson(`${apiUrl}${method}`, { authorization: `Bearer ${token}` }, args);
const turn = await floorTurn(parts, (channel, text) => call('chat.postMessage', { channel, text }));

async function answer(event: DmEvent): Promise<void> {
  if (event.type !== 'message' || event.subtype !== undefined || !event.text) return;
  const status = (text: string) => call('assistant.threads.setStatus', { channel_id: event.channel, thread_ts: event.ts, status: text });
  if (parts.has('status')) await status('is thinking…');
  await turn(`${event.channel}:${event.user}`, event.channel, event.text);
  if (parts.has('status')) await status('');
}

if (parts.has('bolt')) {
  const app = new App({ token, signingSecret: secret, clientOptions: { slackApiUrl: apiUrl, fetch: leanFetch } });
  app.message(({ message }) => answer(message as DmEvent).catch(failed));
  const server = (await app.start(Number(process.env.PORT ?? 0))) as import('node:http').Server;
  ready((server.address() as AddressInfo).port);
  process.on('SIGTERM', () => void app.stop().finally(() => process.exit(0)));
} else {
  const server = createServer((req, res) => void receive(req, res));
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => ready((server.address() as AddressInfo).port));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// Verify (with Parley's own check), acknowledge, then answer: what Bolt's receiver does for an event, without its middleware.
async function receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (signatureRefusal(secret, req.headers, body, Date.now())) return void res.writeHead(401).end();
  const envelope = JSON.parse(body.toString('utf8')) as { type: string; challenge?: string; event?: DmEvent };
  if (envelope.type === 'url_verification') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ challenge: envelope.challenge }));
  res.writeHead(200).end();
  if (envelope.event) await answer(envelope.event).catch(failed);
}
