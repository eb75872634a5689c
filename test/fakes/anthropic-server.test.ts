import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';
import { requestTokens, textTokens } from './anthropic/tokens.js';

const MODEL = 'claude-test-model';

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 0 });
});

afterEach(async () => {
  await fake.close();
});

function ask(text: string, extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return { model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: text }], ...extra };
}

describe('fake Anthropic server, non-streaming', () => {
  it('returns a scripted text reply as a whole Message', async () => {
    fake.reply({ text: 'Hello from the fake' });

    const message = await client.messages.create(ask('hi'));

    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Hello from the fake' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { output_tokens: textTokens('Hello from the fake') },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBe(requestTokens({ messages: [{ role: 'user', content: 'hi' }] }));
  });

  it('reports max_tokens as the stop reason when scripted', async () => {
    fake.reply({ text: 'cut', stopReason: 'max_tokens' });

    const message = await client.messages.create(ask('hi'));

    expect(message.stop_reason).toBe('max_tokens');
  });

  it('answers with echo of the last user message when nothing is queued', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: [{ type: 'text', text: 'second ' }, { type: 'text', text: 'part' }] },
      ],
    });

    expect(message.content).toMatchObject([{ type: 'text', text: 'echo: second part' }]);
  });

  it('answers done: with the tool results when the last user message holds only tool_result blocks', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
    });

    expect(message.content).toMatchObject([{ type: 'text', text: 'done: sunny' }]);
  });

  it('consumes queued replies in order, then falls back to the default', async () => {
    fake.reply({ text: 'one' }, { text: 'two' });
    fake.setDefault({ text: 'default' });

    const texts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const message = await client.messages.create(ask('q'));
      texts.push(message.content[0]?.type === 'text' ? message.content[0].text : '');
    }

    expect(texts).toEqual(['one', 'two', 'default']);
  });

  it('computes a function reply from the recorded request', async () => {
    fake.reply((request) => ({ text: `saw ${request.body.messages.length} messages` }));

    const message = await client.messages.create(ask('hi'));

    expect(message.content).toMatchObject([{ type: 'text', text: 'saw 1 messages' }]);
  });

  it('returns tool_use blocks with the scripted input and stop_reason tool_use', async () => {
    fake.reply({ toolUses: [{ name: 'lookup', input: { q: 'x' }, id: 'toolu_mine' }], text: 'Looking' });

    const message = await client.messages.create(ask('find x'));

    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toMatchObject([
      { type: 'text', text: 'Looking' },
      { type: 'tool_use', id: 'toolu_mine', name: 'lookup', input: { q: 'x' } },
    ]);
  });

  it('counts tokens deterministically without consuming the queue', async () => {
    fake.reply({ text: 'kept' });

    const count = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'hi' }], system: 'be brief' });
    const message = await client.messages.create(ask('hi'));

    expect(count.input_tokens).toBe(requestTokens({ messages: [{ role: 'user', content: 'hi' }], system: 'be brief' }));
    expect(message.content).toMatchObject([{ type: 'text', text: 'kept' }]);
  });
});

describe('fake Anthropic server, streaming', () => {
  it('streams text in several text events that add up to the final message', async () => {
    const reply = 'The quick brown fox jumps over the lazy dog';
    fake.reply({ text: reply });

    const stream = client.messages.stream(ask('tell me'));
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    expect(message.content).toMatchObject([{ type: 'text', text: reply }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(textTokens(reply));
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(reply);
  });

  it('streams tool_use input as JSON deltas that parse to the scripted object', async () => {
    const input = { city: 'Paris', days: [1, 2, 3], nested: { deep: true } };
    fake.reply({ toolUses: [{ name: 'forecast', input }] });

    const message = await client.messages.stream(ask('weather')).finalMessage();

    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toHaveLength(1);
    const block = message.content[0];
    expect(block).toMatchObject({ type: 'tool_use', name: 'forecast' });
    expect(block?.type === 'tool_use' && block.input).toEqual(input);
    expect(block?.type === 'tool_use' && block.id).toMatch(/^toolu_/);
  });

  it('rejects finalMessage() when the stream is dropped midway', async () => {
    fake.reply({ dropMidStream: { text: 'this answer never finishes' } });

    const stream = client.messages.stream(ask('hi'));

    await expect(stream.finalMessage()).rejects.toThrow();
  });

  it('echoes by default over a stream too', async () => {
    const text = await client.messages.stream(ask('ping')).finalText();

    expect(text).toBe('echo: ping');
  });
});

describe('fake Anthropic server, errors', () => {
  it('surfaces a 429 with retry-after as RateLimitError when the SDK does not retry', async () => {
    fake.reply({ error: { status: 429, retryAfterSeconds: 7, message: 'slow down' } });

    const error = await client.messages.create(ask('hi')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    const rateLimit = error as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toBe('7');
    expect(rateLimit.requestID).toMatch(/^req_/);
    expect(rateLimit.error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
  });

  it('lets the SDK retry a 429 and succeed on the next scripted reply', async () => {
    const retrying = new Anthropic({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 1 });
    fake.reply({ error: { status: 429, retryAfterSeconds: 0 } }, { text: 'after retry' });

    const message = await retrying.messages.create(ask('hi'));

    expect(message.content).toMatchObject([{ type: 'text', text: 'after retry' }]);
    expect(fake.requests).toHaveLength(2);
  });

  it('answers 529 as an overloaded APIError', async () => {
    fake.reply({ error: { status: 529 } });

    const error = await client.messages.stream(ask('hi')).finalMessage().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('rejects a request without max_tokens as invalid_request_error', async () => {
    const body = { model: MODEL, messages: [{ role: 'user', content: 'hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming;

    const error = await client.messages.create(body, { timeout: 5_000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('holds a hanging request until the client times out, and close() still returns', async () => {
    fake.reply({ hang: true });

    const error = await client.messages.create(ask('hi'), { timeout: 50 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
  });

  it('closes while a request is still hanging', async () => {
    fake.reply({ hang: true });
    const pending = client.messages.create(ask('hi')).catch((e: unknown) => e);
    await expect.poll(() => fake.requests.length).toBe(1);

    await fake.close();

    expect(await pending).toBeInstanceOf(Anthropic.APIConnectionError);
  });
});

describe('fake Anthropic server, recording', () => {
  it('records path, headers and the history the model received', async () => {
    await client.messages.create({
      model: MODEL,
      max_tokens: 32,
      system: 'You are Parley.',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    });

    const request = fake.lastRequest();
    expect(request.path).toBe('/v1/messages');
    // SDK 1.14 sends apiKey as a bearer token, not as x-api-key.
    expect(request.headers['authorization']).toBe('Bearer test-key');
    expect(request.body).toMatchObject({
      model: MODEL,
      system: 'You are Parley.',
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    });
  });

  it('records beta requests under /v1/messages', async () => {
    await client.beta.messages.create({ model: MODEL, max_tokens: 32, messages: [{ role: 'user', content: 'b' }] });

    expect(fake.lastRequest().path).toBe('/v1/messages');
  });

  it('counts but does not keep requests when recording is off', async () => {
    const quiet = await startFakeAnthropic({ recordRequests: false });
    try {
      const quietClient = new Anthropic({ baseURL: quiet.url, apiKey: 'test-key', maxRetries: 0 });
      await quietClient.messages.create(ask('x'));
      await quietClient.messages.create(ask('y'));

      expect(quiet.requests).toHaveLength(0);
      expect(quiet.requestCount).toBe(2);
    } finally {
      await quiet.close();
    }
  });

  it('reset() clears the queue, the requests and the default', async () => {
    fake.reply({ text: 'queued' });
    fake.setDefault({ text: 'custom default' });
    await client.messages.create(ask('one'));

    fake.reset();
    const message = await client.messages.create(ask('two'));

    expect(message.content).toMatchObject([{ type: 'text', text: 'echo: two' }]);
    expect(fake.requests).toHaveLength(1);
  });

  it('delays every reply by latencyMs', async () => {
    fake.latencyMs = 60;
    const started = performance.now();

    await client.messages.create(ask('slow'));

    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
