import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, GENERAL, startSlackHarness, tempStore, textOf, type SlackHarness } from './harness.js';

describe('memory across a restart (SQLite store)', () => {
  let h: SlackHarness;
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeEach(async () => {
    store = await tempStore();
    h = await startSlackHarness({ storeUrl: store.url });
  });
  afterEach(async () => {
    await h.close();
    await store.cleanup();
  });

  it('keeps a DM conversation', async () => {
    await h.dm({ user: ALICE, text: 'my favourite colour is teal' });
    await h.reply(`D${ALICE}`, undefined, 'echo: my favourite colour is teal');
    await h.restart();
    await h.dm({ user: ALICE, text: 'what is my favourite colour?' });
    await h.reply(`D${ALICE}`, undefined, 'echo: what is my favourite colour?');
    const texts = h.model.lastRequest().body.messages.map((m: { content: unknown }) => textOf(m.content));
    expect(texts).toEqual(['my favourite colour is teal', 'echo: my favourite colour is teal', 'what is my favourite colour?']);
  });

  it('keeps a thread conversation and what /reset may delete', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread before restart' });
    await h.reply(GENERAL, sent.event.ts);
    await h.restart();
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: sent.event.ts, text: 'after' });
    await h.reply(GENERAL, sent.event.ts, (text) => text.includes('after'));
    expect(h.model.lastRequest().body.messages).toHaveLength(3);
    const response = await h.command('/reset', ALICE, GENERAL);
    expect(response.text).toContain('forgotten the conversation you started');
  });
});
