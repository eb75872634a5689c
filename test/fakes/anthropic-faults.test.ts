import Anthropic from '@anthropic-ai/sdk';
import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  // logLevel off: the SDK logs the invalid JSON it is fed on purpose below.
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 0, logLevel: 'off' });
});
afterEach(() => fake.close());

const streamed = () => client.messages.create({ model: 'claude-test', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] });

async function collect(events: AsyncIterable<RawMessageStreamEvent>): Promise<RawMessageStreamEvent[]> {
  const seen: RawMessageStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('fake Anthropic stream faults, through the SDK', () => {
  it('cuts a reply by max_tokens inside a tool call’s JSON', async () => {
    fake.reply({ cutInToolUse: { text: 'Let me add that.', name: 'calculator', json: '{"expression": "1 + ' } });
    const events = await collect(await streamed());
    const json = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : [])).join('');
    expect(json).toBe('{"expression": "1 + ');
    expect(events.find((e) => e.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
    expect(events.at(-1)!.type).toBe('message_stop');
  });

  it('streams tool input that is not valid JSON', async () => {
    fake.reply({ toolUses: [{ name: 'calculator', input: {}, rawJson: '{"expression": 1+}' }] });
    const events = await collect(await streamed());
    const json = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : [])).join('');
    expect(json).toBe('{"expression": 1+}');
  });

  it('sends an error event in the middle of a stream', async () => {
    fake.reply({ errorMidStream: { text: 'half of an answer' } });
    const error = await collect(await streamed()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('stalls after message_start and a ping until the client aborts', async () => {
    fake.reply({ stallAfterHeaders: true });
    const controller = new AbortController();
    const stream = await client.messages.create(
      { model: 'claude-test', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { signal: controller.signal },
    );
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      controller.abort();
    }
    expect(seen).toEqual(['message_start']);
  });

  it('trickles one word per interval and then completes', async () => {
    fake.reply({ trickle: { text: 'one two three', everyMs: 20 } });
    const events = await collect(await streamed());
    const words = events.flatMap((e) => (e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? [e.delta.text] : []));
    expect(words).toEqual(['one ', 'two ', 'three']);
    expect(events.at(-1)!.type).toBe('message_stop');
  });

  it('answers 200 with a body that is not JSON', async () => {
    fake.reply({ invalidJson: true });
    const plain = await client.messages.create({ model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(Error);
    fake.reply({ invalidJson: true });
    const stream = await collect(await streamed()).catch((e: unknown) => e);
    expect(stream).toBeInstanceOf(SyntaxError);
  });
});
