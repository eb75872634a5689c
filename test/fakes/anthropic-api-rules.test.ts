import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './anthropic-server.js';
import { textTokens } from './anthropic/tokens.js';

let fake: FakeAnthropic;
let client: Anthropic;

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test-key', maxRetries: 0 });
});
afterEach(() => fake.close());

/** The refusal of a request as the SDK surfaces it, with the API's own error text as `message`. */
const refusalOf = (messages: MessageParam[], maxTokens = 64) =>
  client.messages.create({ model: 'claude-test', max_tokens: maxTokens, messages }).then(
    () => undefined,
    (error: InstanceType<typeof Anthropic.BadRequestError>) => ({ error, message: (error.error as { error: { message: string } }).error.message }),
  );

describe('fake Anthropic enforces the API’s history rules', () => {
  it('refuses a tool_use without a tool_result in the next message, with the API’s words', async () => {
    const error = await refusalOf([
      { role: 'user', content: 'sum?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me' }, { type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} }] },
      { role: 'user', content: 'hello?' },
    ]);
    expect(error!.error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error!.message).toContain('messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1');
    expect(fake.rejections).toHaveLength(1);
  });

  it('refuses a tool_result that answers no tool_use', async () => {
    const error = await refusalOf([{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: '1' }] }]);
    expect(error!.message).toContain('unexpected `tool_use_id` found in `tool_result` blocks: toolu_x');
  });

  it('refuses empty and whitespace-only text blocks', async () => {
    const empty = await refusalOf([{ role: 'user', content: [{ type: 'text', text: '' }] }]);
    const blank = await refusalOf([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'text', text: '\n\n' }] },
      { role: 'user', content: 'and?' },
    ]);
    expect(empty!.message).toContain('text content blocks must be non-empty');
    expect(blank!.message).toContain('messages.1.content.0.text: text content blocks must contain non-whitespace text');
  });

  it('refuses a history that starts with the assistant, an unknown role and an empty message', async () => {
    expect((await refusalOf([{ role: 'assistant', content: 'hi' }]))!.message).toContain('first message must use the "user" role');
    expect((await refusalOf([{ role: 'system' as 'user', content: 'hi' }]))!.message).toContain("Input should be 'user' or 'assistant'");
    expect((await refusalOf([{ role: 'user', content: [] }]))!.message).toContain('all messages must have non-empty content');
  });

  it('accepts a valid tool round and keeps the scripted reply for it', async () => {
    fake.reply({ text: 'fine' });
    const message = await client.messages.create({
      model: 'claude-test',
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'sum?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'calculator', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '2' }] },
      ],
    });
    expect(message.content).toMatchObject([{ type: 'text', text: 'fine' }]);
    expect(fake.rejections).toEqual([]);
  });

  it('does not use up a scripted reply on a refused request', async () => {
    fake.reply({ text: 'kept for the valid request' });
    await refusalOf([{ role: 'user', content: [{ type: 'text', text: ' ' }] }]);
    const message = await client.messages.create({ model: 'claude-test', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
    expect(message.content).toMatchObject([{ type: 'text', text: 'kept for the valid request' }]);
  });
});

describe('fake Anthropic enforces the context window', () => {
  it('answers 400 prompt is too long when the input alone exceeds the window', async () => {
    fake.contextWindow = 1_000;
    const error = await refusalOf([{ role: 'user', content: '字'.repeat(1_200) }]);
    expect(error!.error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error!.message).toMatch(/prompt is too long: \d+ tokens > 1000 maximum/);
  });

  it('refuses input plus max_tokens beyond the window', async () => {
    fake.contextWindow = 1_000;
    const error = await refusalOf([{ role: 'user', content: 'word '.repeat(400) }], 600);
    expect(error!.message).toMatch(/input length and `max_tokens` exceed context limit: \d+ \+ 600 > 1000/);
  });

  it('counts CJK as a token a character, emoji as two, digits in threes and English by four letters', () => {
    expect(textTokens('你好世界')).toBe(4);
    expect(textTokens('こんにちは')).toBe(5);
    expect(textTokens('😀😀')).toBe(4);
    expect(textTokens('123456789')).toBe(3);
    expect(textTokens('abcdefgh')).toBe(2);
  });
});
