// Child process: the test suite's fake Anthropic Messages API, driven over IPC by bench/fake-model.ts.
import { startFakeAnthropic } from '../test/fakes/anthropic-server.js';

const fake = await startFakeAnthropic({ recordRequests: false });
process.on('message', (message: { type: string; latencyMs?: number; id?: number }) => {
  if (message.type === 'latency') fake.latencyMs = message.latencyMs ?? 0;
  if (message.type === 'count') process.send!({ type: 'count', id: message.id, count: fake.requestCount });
  else process.send!({ type: 'ack', id: message.id });
});
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
process.on('disconnect', () => void fake.close().then(() => process.exit(0)));
process.send!({ type: 'ready', url: fake.url });
