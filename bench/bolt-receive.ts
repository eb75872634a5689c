// `npx tsx bench/bolt-receive.ts`: in-process CPU of two steps of the Slack HTTP receive path, warm, for
// the notes in bench/RESULTS.md (not part of `npm run bench`; the end-to-end figure is compare.ts's):
// - Bolt's App.processEvent for one message.im delivery with a listener per event type and per slash
//   command (as the adapter registered them before) and with one listener of each kind (as now);
// - Bolt's verifySlackRequest (tsscmp) against the guard's check (src/adapters/slack/signature.ts).
import { readFileSync } from 'node:fs';
import { App, verifySlackRequest, type Logger, type ReceiverEvent } from '@slack/bolt';
import { signatureRefusal } from '../src/adapters/slack/signature.js';
import { signature as signed } from '../test/fakes/slack-events.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/slack/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const delivery = { ...fixture('app_mention'), event: fixture('message_im').event };
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'info' as never, setName() {} };
const receiver = { init() {}, start: async () => undefined, stop: async () => undefined };

function app(register: (app: App) => void): App {
  const built = new App({ receiver, token: 'xoxb-bench', botUserId: 'UBOT', botId: 'BBOT', convoStore: false, logger: quiet });
  register(built);
  return built;
}

const event = (): ReceiverEvent => ({ body: delivery, ack: async () => {} });
async function microsPerCall(run: () => unknown, calls: number): Promise<number> {
  for (let i = 0; i < calls / 5; i++) await run();
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

const noop = async () => {};
const perListener = app((a) => {
  for (const type of ['app_mention', 'message', 'app_home_opened']) a.event(type, noop);
  for (const command of ['/reset', '/export', '/usage']) a.command(command, noop);
});
const consolidated = app((a) => {
  a.event(/^(?:app_mention|message|app_home_opened)$/, noop);
  a.command(/^(?:\/reset|\/export|\/usage)$/, noop);
});

const secret = 'bench-signing-secret';
const body = Buffer.from(JSON.stringify(delivery));
const timestamp = Math.floor(Date.now() / 1000);
const signature = signed(secret, timestamp, body.toString());
const headers = { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };

for (let round = 1; round <= 2; round++) {
  const rows = {
    'processEvent, 6 listeners': await microsPerCall(() => perListener.processEvent(event()), 30_000),
    'processEvent, 2 listeners': await microsPerCall(() => consolidated.processEvent(event()), 30_000),
    "Bolt's verifySlackRequest": await microsPerCall(
      () => verifySlackRequest({ signingSecret: secret, body: body.toString(), headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp } }),
      100_000,
    ),
    "the guard's signatureRefusal": await microsPerCall(() => signatureRefusal(secret, headers, body, Date.now()), 100_000),
  };
  for (const [name, micros] of Object.entries(rows)) process.stdout.write(`round ${round}  ${name.padEnd(30)} ${micros.toFixed(1)} µs\n`);
}
