// The Anthropic SDK starts an OpenTelemetry span per request unless told not to; Parley tells it not to
// unless ANTHROPIC_OPEN_TELEMETRY=true (each span costs CPU, and Parley registers no tracer provider).
// A tracer provider registered here, as an operator's OpenTelemetry set-up would, sees what the SDK starts.
import { INVALID_SPAN_CONTEXT, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { createAnthropicModel } from '../../src/core/index.js';
import { createLeanFetch } from '../../src/http/lean-fetch.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';

const started: string[] = [];
const tracer: Tracer = {
  startSpan(name) {
    started.push(name);
    return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  },
  startActiveSpan() {
    throw new Error('the SDK starts its spans with startSpan');
  },
};
const provider: TracerProvider = { getTracer: () => tracer };

let fake: FakeAnthropic;
beforeAll(() => void trace.setGlobalTracerProvider(provider));
afterAll(() => trace.disable());
beforeEach(async () => {
  started.length = 0;
  fake = await startFakeAnthropic();
});
afterEach(() => fake.close());

async function ask(traces: boolean | undefined): Promise<string> {
  const model = createAnthropicModel({
    apiKey: 'test-key',
    baseURL: fake.url,
    model: 'claude-sonnet-5-5',
    maxTokens: 64,
    maxRetries: 0,
    timeoutMs: 5_000,
    fetch: createLeanFetch(),
    ...(traces !== undefined ? { traces } : {}),
  });
  const reply = await model.step({ system: 's', messages: [{ role: 'user', content: 'hi' }], tools: [] }, () => undefined);
  return reply.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

describe('the model client and OpenTelemetry', () => {
  it('starts no span by default, and still answers', async () => {
    expect(await ask(undefined)).toBe('echo: hi');
    expect(started).toEqual([]);
  });

  it('lets the SDK start its span per request when traces are on', async () => {
    expect(await ask(true)).toBe('echo: hi');
    expect(started).toEqual(['anthropic.messages.create']);
  });

  it('reads ANTHROPIC_OPEN_TELEMETRY as the switch, off when unset', () => {
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k' }).ANTHROPIC_OPEN_TELEMETRY).toBe(false);
    expect(parseConfig({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_OPEN_TELEMETRY: 'true' }).ANTHROPIC_OPEN_TELEMETRY).toBe(true);
    expect(() => parseConfig({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_OPEN_TELEMETRY: 'on' })).toThrow(/ANTHROPIC_OPEN_TELEMETRY: expected true or false/);
  });
});
