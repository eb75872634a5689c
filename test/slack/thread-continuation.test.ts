import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from './harness.js';
import { ALICE, BOB, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('a later mention in the same thread', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('reaches the model with the earlier exchange of that thread', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'remember the number 42' });
    await h.reply(GENERAL, first.event.ts);
    await h.mention({ user: BOB, channel: GENERAL, threadTs: first.event.ts, text: 'what number?' });
    await h.reply(GENERAL, first.event.ts, (text) => text.includes('what number?'));

    const history = h.model.lastRequest().body.messages.map((m: { role: string; content: unknown }) => [m.role, textOf(m.content)]);
    expect(history).toEqual([
      ['user', '[Alice (U1111)]: remember the number 42'],
      ['assistant', 'echo: [Alice (U1111)]: remember the number 42'],
      ['user', '[Bob (U2222)]: what number?'],
    ]);
  });

  it('is answered in that thread', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'one' });
    await h.reply(GENERAL, first.event.ts);
    await h.mention({ user: BOB, channel: GENERAL, threadTs: first.event.ts, text: 'two' });
    await h.reply(GENERAL, first.event.ts, (text) => text.includes('two'));
    expect(h.slack.thread(GENERAL, first.event.ts).map((m) => m.text)).toEqual(['echo: [Alice (U1111)]: one', 'echo: [Bob (U2222)]: two']);
  });

  it('names other people it mentions by their display name', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'say hi to <@U2222>' });
    await h.reply(GENERAL, first.event.ts);
    expect(textOf(h.model.lastRequest().body.messages.at(-1).content)).toBe('[Alice (U1111)]: say hi to @Bob');
  });
});
