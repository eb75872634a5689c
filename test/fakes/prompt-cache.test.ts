import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';
import { blockTokens } from './anthropic/prompt-cache.js';

const SONNET = 'claude-sonnet-5-5';
// About 1,500 fake tokens: above Sonnet's 1,024-token minimum, below Haiku 4.5's 4,096.
const LONG_SYSTEM = 'You are a careful assistant. '.repeat(200);

let clock = 0;
let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  clock = 1_000_000;
  fake = await startFakeAnthropic({ cache: { now: () => clock } });
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 0 });
});

afterEach(async () => {
  await fake.close();
});

/** The request of a conversation's turn `turns`: earlier questions and answers, then question `turns - 1`; 2·turns − 1 blocks. */
function conversation(turns: number): MessageParam[] {
  const messages: MessageParam[] = [];
  for (let i = 0; i < turns; i++) {
    if (i > 0) messages.push({ role: 'assistant', content: `answer ${i - 1}` });
    messages.push({ role: 'user', content: `question ${i}` });
  }
  return messages;
}

async function usageOf(params: Partial<Anthropic.MessageCreateParamsNonStreaming>) {
  const message = await client.messages.create({ model: SONNET, max_tokens: 64, system: LONG_SYSTEM, messages: conversation(1), cache_control: { type: 'ephemeral' }, ...params });
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = message.usage;
  return { input: input_tokens, write: cache_creation_input_tokens ?? 0, read: cache_read_input_tokens ?? 0 };
}

const total = (u: { input: number; write: number; read: number }) => u.input + u.write + u.read;

describe('prompt cache: the automatic breakpoint', () => {
  it('writes the whole prefix on the first request and reads it on the next one', async () => {
    const first = await usageOf({ messages: conversation(1) });
    const second = await usageOf({ messages: conversation(2) });

    expect(first).toEqual({ input: 0, write: total(first), read: 0 });
    expect(second.read).toBe(total(first));
    expect(second.write).toBe(total(second) - total(first));
    expect(second.input).toBe(0);
  });

  it('reports the same split in the streamed message_start', async () => {
    await usageOf({ messages: conversation(1) });
    const stream = client.messages.stream({ model: SONNET, max_tokens: 64, system: LONG_SYSTEM, messages: conversation(2), cache_control: { type: 'ephemeral' } });
    const message = await stream.finalMessage();

    expect(message.usage.cache_read_input_tokens).toBeGreaterThan(1024);
    expect(message.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('does not cache without a cache_control marker', async () => {
    await client.messages.create({ model: SONNET, max_tokens: 64, system: LONG_SYSTEM, messages: conversation(1) });
    const next = await usageOf({ messages: conversation(2) });

    expect(next.read).toBe(0);
    expect(fake.promptCache.size).toBe(1);
  });
});

describe('prompt cache: prefix identity', () => {
  it('misses when the system prompt changes, since messages come after it', async () => {
    await usageOf({ messages: conversation(1) });
    const next = await usageOf({ messages: conversation(2), system: LONG_SYSTEM + ' Be brief.' });

    expect(next.read).toBe(0);
  });

  it('misses when a tool definition changes, since tools come first', async () => {
    const tool = (description: string) => [{ name: 'calc', description, input_schema: { type: 'object' as const, properties: {} } }];
    await usageOf({ messages: conversation(1), tools: tool('adds') });
    const same = await usageOf({ messages: conversation(2), tools: tool('adds') });
    const changed = await usageOf({ messages: conversation(3), tools: tool('adds numbers') });

    expect(same.read).toBeGreaterThan(0);
    expect(changed.read).toBe(0);
  });

  it('misses when an earlier message changes by one character', async () => {
    await usageOf({ messages: conversation(3) });
    const edited = conversation(4);
    edited[2] = { role: 'user', content: 'question 1!' };
    expect(conversation(4)[2]).toEqual({ role: 'user', content: 'question 1' });
    const next = await usageOf({ messages: edited });

    expect(next.read).toBe(0);
  });

  it('ignores the cache_control marker itself when comparing blocks', async () => {
    const marked = (turns: number): MessageParam[] => {
      const messages = conversation(turns);
      messages[0] = { role: 'user', content: [{ type: 'text', text: 'question 0', cache_control: { type: 'ephemeral' } }] };
      return messages;
    };
    await usageOf({ messages: marked(1) });
    const next = await usageOf({ messages: conversation(2).map((m, i) => (i === 0 ? { role: 'user', content: [{ type: 'text', text: 'question 0' }] as TextBlockParam[] } : m)) });

    expect(next.read).toBeGreaterThan(0);
  });
});

describe('prompt cache: the 20-block lookback', () => {
  it('finds the previous breakpoint 18 blocks back', async () => {
    const first = await usageOf({ messages: conversation(1) });
    // The first breakpoint is block 1 (system, question 0); conversation(10)'s is block 19.
    const next = await usageOf({ messages: conversation(10) });

    expect(next.read).toBe(total(first));
  });

  it('misses a prefix written more than 20 blocks before the breakpoint', async () => {
    await usageOf({ messages: conversation(1) });
    // conversation(11)'s breakpoint is block 21: the lookback covers blocks 2–21, not block 1.
    const next = await usageOf({ messages: conversation(11) });

    expect(next.read).toBe(0);
  });

  it('still reads through an explicit earlier breakpoint within reach', async () => {
    const system: TextBlockParam[] = [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral' } }];
    const first = await usageOf({ system, messages: conversation(1), cache_control: null });
    const next = await usageOf({ system, messages: conversation(12) });

    expect(first.write).toBe(blockTokens({ type: 'text', text: LONG_SYSTEM }));
    expect(next.read).toBe(first.write);
  });
});

describe('prompt cache: minimum length and breakpoint count', () => {
  it('silently does not cache a prefix below the model minimum', async () => {
    const short = await usageOf({ system: 'Be brief.', messages: conversation(1) });
    const again = await usageOf({ system: 'Be brief.', messages: conversation(1) });

    expect(short).toEqual({ input: total(short), write: 0, read: 0 });
    expect(again.read).toBe(0);
  });

  it('needs 4,096 tokens for Haiku 4.5 where Sonnet needs 1,024', async () => {
    const sonnet = await usageOf({ messages: conversation(1) });
    const haiku = await usageOf({ model: 'claude-haiku-4-5', messages: conversation(1) });

    expect(total(sonnet)).toBeLessThan(4096);
    expect(sonnet.write).toBeGreaterThan(0);
    expect(haiku.write).toBe(0);
  });

  it('refuses more than four breakpoints with a 400', async () => {
    const marked = (text: string): TextBlockParam => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
    const request = usageOf({ system: [marked('a'), marked('b'), marked('c'), marked('d')] });

    await expect(request).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/maximum of 4 blocks with cache_control/) });
  });
});

describe('prompt cache: time to live', () => {
  it('expires an entry five minutes after its last use', async () => {
    await usageOf({ messages: conversation(1) });
    clock += 5 * 60_000;
    const late = await usageOf({ messages: conversation(2) });

    expect(late.read).toBe(0);
  });

  it('renews an entry on every read', async () => {
    const first = await usageOf({ messages: conversation(1) });
    clock += 4 * 60_000;
    await usageOf({ messages: conversation(1) });
    clock += 4 * 60_000;
    const later = await usageOf({ messages: conversation(2) });

    expect(later.read).toBe(total(first));
  });

  it('keeps a one-hour entry past five minutes', async () => {
    const first = await usageOf({ messages: conversation(1), cache_control: { type: 'ephemeral', ttl: '1h' } });
    clock += 30 * 60_000;
    const later = await usageOf({ messages: conversation(2) });

    expect(later.read).toBe(total(first));
  });
});
