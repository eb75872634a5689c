import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, GENERAL, RANDOM, startSlackHarness, userTexts, type SlackHarness } from './harness.js';

describe('conversation isolation', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it("keeps one user's DM out of another user's", async () => {
    await h.dm({ user: ALICE, text: 'alice secret' });
    await h.reply(`D${ALICE}`, undefined, 'echo: alice secret');
    await h.dm({ user: BOB, text: 'hello from bob' });
    await h.reply(`D${BOB}`, undefined, 'echo: hello from bob');
    expect(userTexts(h.model.lastRequest().body)).toEqual(['hello from bob']);
  });

  it('keeps one thread out of another in the same channel', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread one secret' });
    await h.reply(GENERAL, first.event.ts);
    const second = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread two' });
    await h.reply(GENERAL, second.event.ts);
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[Alice (U1111)]: thread two']);
  });

  it('keeps a thread out of the same user\'s DM and other channels', async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'channel secret' });
    await h.reply(GENERAL, first.event.ts);
    await h.dm({ user: ALICE, text: 'in my DM' });
    await h.reply(`D${ALICE}`, undefined, 'echo: in my DM');
    expect(userTexts(h.model.lastRequest().body)).toEqual(['in my DM']);
    const other = await h.mention({ user: ALICE, channel: RANDOM, text: 'elsewhere' });
    await h.reply(RANDOM, other.event.ts);
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[Alice (U1111)]: elsewhere']);
  });
});
