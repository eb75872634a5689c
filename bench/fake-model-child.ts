// Child process: the test suite's fake Anthropic Messages API, driven over IPC by bench/fake-model.ts.
// Every request that carries a benchmark turn marker is checked for its conversation's history.
import { startFakeAnthropic } from '../test/fakes/anthropic-server.js';
import { echoText } from '../test/fakes/anthropic/scripts.js';
import { inputTokensOf } from '../test/fakes/anthropic/sse.js';
import { historyChecker } from './e2e/history-check.js';

// HISTORY_TOKEN_BUDGET's default, which every benchmarked bot runs with.
const HISTORY_TOKEN_BUDGET = 50_000;

const fake = await startFakeAnthropic({ recordRequests: false });
const checker = historyChecker(HISTORY_TOKEN_BUDGET);
fake.setDefault((request) => {
  checker.check(request.body ?? {}, inputTokensOf(request.body ?? {}));
  return { text: echoText(request.body ?? {}) };
});

type Message = { type: string; latencyMs?: number; id?: number };
process.on('message', (message: Message) => {
  if (message.type === 'latency') fake.latencyMs = message.latencyMs ?? 0;
  if (message.type === 'count') process.send!({ type: 'count', id: message.id, count: fake.requestCount });
  else if (message.type === 'history') process.send!({ type: 'history', id: message.id, ...checker.counts });
  else if (message.type === 'history-reset') {
    checker.reset();
    process.send!({ type: 'ack', id: message.id });
  } else process.send!({ type: 'ack', id: message.id });
});
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
process.send!({ type: 'ready', url: fake.url, pid: process.pid });
