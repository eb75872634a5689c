import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, startSlackHarness, textOf, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;

describe('direct messages', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('are answered at the DM top level', async () => {
    await h.dm({ user: ALICE, text: 'hello' });
    const reply = await h.reply(ALICE_DM, undefined, 'echo: hello');
    expect(reply.threadTs).toBeUndefined();
  });

  it('reach the model unlabelled (a DM is not shared)', async () => {
    await h.dm({ user: ALICE, text: 'hello' });
    await h.reply(ALICE_DM, undefined, 'echo: hello');
    expect(textOf(h.model.lastRequest().body.messages[0].content)).toBe('hello');
  });

  it('continue the same conversation on the next message', async () => {
    await h.dm({ user: ALICE, text: 'my name is Alice' });
    await h.reply(ALICE_DM, undefined, 'echo: my name is Alice');
    await h.dm({ user: ALICE, text: 'what is my name?' });
    await h.reply(ALICE_DM, undefined, 'echo: what is my name?');
    const texts = h.model.lastRequest().body.messages.map((m: { content: unknown }) => textOf(m.content));
    expect(texts).toEqual(['my name is Alice', 'echo: my name is Alice', 'what is my name?']);
  });
});
