// `npx tsx bench/sdk-calls.ts <dist folder> <raw|post|status|model> [calls]`: client-side CPU per
// outgoing SDK call of one build, as production makes it (lean-fetch.ts under Slack's WebClient with
// Parley's writer options, or under the Anthropic SDK with Parley's model client), against the fakes
// in a child process. One kind per process, so one call's garbage does not land on another's figure;
// compare builds by running each in turn (bench/RESULTS.md, "Cheaper SDK calls"). Not part of `npm run bench`.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { createWriter as CreateWriter } from '../src/adapters/slack/clients.js';
import type { slackSdkLogger as SlackSdkLogger } from '../src/adapters/slack/bolt-logger.js';
import type * as Core from '../src/core/index.js';
import type { createLeanFetch as CreateLeanFetch } from '../src/http/lean-fetch.js';
import { forkTs, nextMessage, stopChild } from './child.js';

const [dist = 'dist', kind = 'post', count = '3000'] = process.argv.slice(2);
const calls = Number(count);
const load = <T>(file: string): Promise<T> => import(pathToFileURL(resolve(dist, file)).href) as Promise<T>;
const { createLeanFetch } = await load<{ createLeanFetch: typeof CreateLeanFetch }>('http/lean-fetch.js');
const { createWriter } = await load<{ createWriter: typeof CreateWriter }>('adapters/slack/clients.js');
const { slackSdkLogger } = await load<{ slackSdkLogger: typeof SlackSdkLogger }>('adapters/slack/bolt-logger.js');
const { createAnthropicModel, createLogger } = await load<typeof Core>('core/index.js');

const child = forkTs('sdk-calls-child.ts');
const fakes = await nextMessage<{ slack: string; token: string; model: string }>(child, (m) => m.type === 'ready', 30_000);
try {
  const fetch = createLeanFetch();
  const writer = createWriter({ token: fakes.token, apiUrl: fakes.slack, logger: slackSdkLogger(createLogger({ level: 'info' })), fetch });
  const model = createAnthropicModel({ apiKey: 'bench-key', baseURL: fakes.model, model: 'claude-sonnet-5-5', maxTokens: 1024, maxRetries: 0, timeoutMs: 60_000, fetch });
  const question = { system: 'You are Parley.', messages: [{ role: 'user' as const, content: 'Could you summarise what we decided about the release date and who owns the changelog?' }], tools: [] };
  let n = 0;
  const kinds: Record<string, () => Promise<unknown>> = {
    raw: async () => (await fetch(`${fakes.slack}chat.postMessage`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${fakes.token}` }, body: 'channel=D1&text=hello', redirect: 'error' })).json(),
    post: () => writer.chat.postMessage({ channel: 'D1', text: `Here is answer number ${++n}, a sentence or two long.` }),
    status: () => writer.assistant.threads.setStatus({ channel_id: 'D1', thread_ts: '1.1', status: 'is thinking…' }),
    model: () => model.step(question, () => undefined),
  };
  const call = kinds[kind];
  if (!call) throw new Error(`unknown kind ${kind}: one of ${Object.keys(kinds).join(', ')}`);
  for (let i = 0; i < 300; i++) await call();
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(before);
  process.stdout.write(`${dist} ${kind}: ${((used.user + used.system) / calls).toFixed(0)} µs CPU a call (user ${(used.user / calls).toFixed(0)}, system ${(used.system / calls).toFixed(0)}), ${calls} calls\n`);
} finally {
  await stopChild(child);
}
