import { afterEach, describe, expect, it } from 'vitest';
import { MARKDOWN_BLOCK_LIMIT } from '../../src/adapters/slack/render.js';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

// About 33,000 characters: prose paragraphs, then a long code block that cannot fit in one message.
const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1}. ` + 'All work and no play makes a long answer. '.repeat(8).trim());
const code = ['```python', ...Array.from({ length: 900 }, (_, i) => `print("line ${i + 1}")`), '```'].join('\n');
const LONG_ANSWER = [...paragraphs, code, 'The end.'].join('\n\n');

const fences = (text: string) => text.split('\n').filter((line) => line.startsWith('```')).length;

describe.each([
  ['streamed', {}],
  ['posted and edited', { streaming: false }],
])('a long answer (%s)', (_label, adapter) => {
  let h: SlackHarness;
  afterEach(() => h.close());

  const ask = async () => {
    h = await startSlackHarness({ adapter });
    h.model.reply({ text: LONG_ANSWER });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'write a lot' });
    await h.reply(GENERAL, sent.event.ts, (text) => text.endsWith('The end.'));
    return h.slack.thread(GENERAL, sent.event.ts).map((message) => message.text);
  };

  it('is split into several messages within the block limit', async () => {
    const messages = await ask();
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(MARKDOWN_BLOCK_LIMIT);
  });

  it('keeps every code block closed in each message and reopened with its language', async () => {
    const messages = await ask();
    for (const message of messages) expect(fences(message) % 2).toBe(0);
    const continued = messages.filter((message) => message.startsWith('```python'));
    expect(continued.length).toBeGreaterThanOrEqual(1);
  });

  it('loses nothing of the answer', async () => {
    const messages = await ask();
    const joined = messages.join('\n');
    for (const paragraph of paragraphs) expect(joined).toContain(paragraph);
    for (let i = 1; i <= 900; i++) expect(joined).toContain(`print("line ${i}")`);
  });
});
