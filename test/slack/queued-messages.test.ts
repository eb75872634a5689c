import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, GENERAL, startSlackHarness, userTexts, type SlackHarness } from './harness.js';

describe('a message that arrives while the bot is still answering the same thread', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
    h.model.latencyMs = 150;
  });
  afterEach(() => h.close());

  it('is answered after the first, with the first exchange in its history', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'first question' });
    await h.mention({ user: BOB, channel: GENERAL, threadTs: first.event.ts, text: 'second question' });
    await h.reply(GENERAL, first.event.ts, (text) => text.includes('second question'));

    expect(h.slack.thread(GENERAL, first.event.ts).map((m) => m.text)).toEqual(['echo: [Alice (U1111)]: first question', 'echo: [Bob (U2222)]: second question']);
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[Alice (U1111)]: first question', '[Bob (U2222)]: second question']);
  });
});
