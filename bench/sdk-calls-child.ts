// Child process of bench/sdk-calls.ts: the test suite's fake Slack Web API and fake Messages API, so
// the measuring process spends its CPU only on the client side of each call.
import { startFakeAnthropic } from '../test/fakes/anthropic-server.js';
import { startFakeSlackApi } from '../test/fakes/slack-api.js';

const slack = await startFakeSlackApi();
const model = await startFakeAnthropic({ recordRequests: false });
// Calls and messages are not kept: a long run would otherwise hold every one.
slack.calls.push = () => 0;
setInterval(() => {
  slack.messages.length = 0;
  slack.statuses.clear();
}, 1_000).unref();
process.on('disconnect', () => void Promise.all([slack.close(), model.close()]).then(() => process.exit(0)));
process.send!({ type: 'ready', slack: slack.url, token: slack.botToken, model: model.url });
