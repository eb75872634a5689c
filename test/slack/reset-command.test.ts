import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, GENERAL, startSlackHarness, userTexts, type SlackHarness, threadKey, dmKey } from './harness.js';

const TEAM = 'T0001';

describe('/reset', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('in a DM deletes the DM conversation', async () => {
    await h.dm({ user: ALICE, text: 'remember me' });
    await h.reply(`D${ALICE}`, undefined, 'echo: remember me');
    const response = await h.command('/reset', ALICE, `D${ALICE}`);
    expect(response).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('forgotten') });
    expect(await h.parley.exportConversation(dmKey(TEAM, ALICE), ALICE)).toBeUndefined();
  });

  it('in a DM makes the next message start afresh', async () => {
    await h.dm({ user: ALICE, text: 'remember me' });
    await h.reply(`D${ALICE}`, undefined, 'echo: remember me');
    await h.command('/reset', ALICE, `D${ALICE}`);
    await h.dm({ user: ALICE, text: 'who am I?' });
    await h.reply(`D${ALICE}`, undefined, 'echo: who am I?');
    expect(userTexts(h.model.lastRequest().body)).toEqual(['who am I?']);
  });

  it("in a channel deletes the threads the invoker started there and leaves others' threads", async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice thread' });
    await h.reply(GENERAL, alices.event.ts);
    const bobs = await h.mention({ user: BOB, channel: GENERAL, text: 'bob thread' });
    await h.reply(GENERAL, bobs.event.ts);

    const response = await h.command('/reset', ALICE, GENERAL);
    expect(response.text).toContain('forgotten the conversation you started');
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, alices.event.ts), ALICE)).toBeUndefined();
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, bobs.event.ts), BOB)).toBeDefined();
  });

  it('in a channel cannot delete a thread someone else started, even one the invoker spoke in', async () => {
    const bobs = await h.mention({ user: BOB, channel: GENERAL, text: 'bob thread' });
    await h.reply(GENERAL, bobs.event.ts);
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: bobs.event.ts, text: 'alice joins' });
    await h.reply(GENERAL, bobs.event.ts, (text) => text.includes('alice joins'));

    const response = await h.command('/reset', ALICE, GENERAL);
    expect(response.text).toContain("haven't started a conversation");
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, bobs.event.ts), BOB)).toBeDefined();
  });

  it("is answered only to the invoker (respond, ephemeral) and posts nothing in the channel", async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice thread' });
    await h.reply(GENERAL, alices.event.ts);
    const before = h.slack.messages.length;
    const response = await h.command('/reset', ALICE, GENERAL);
    expect(response.response_type).toBe('ephemeral');
    expect(h.slack.messages.length).toBe(before);
  });
});

describe('the core behind /reset', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('refuses to reset a conversation for someone who never took part in it', async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice thread' });
    await h.reply(GENERAL, alices.event.ts);
    expect(await h.parley.reset(threadKey(TEAM, GENERAL, alices.event.ts), BOB)).toBe(false);
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, alices.event.ts), ALICE)).toBeDefined();
  });
});
