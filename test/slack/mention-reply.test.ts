import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, GENERAL, startSlackHarness, userTexts, type SlackHarness } from './harness.js';

describe('a mention in a channel', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('is answered in a thread under the mentioning message', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'what is 2+2?' });
    const reply = await h.reply(GENERAL, sent.event.ts);
    expect(reply.text).toBe('echo: [Alice (U1111)]: what is 2+2?');
  });

  it('reaches the model without the bot mention and labelled with the speaker', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello <https://example.com|the docs>' });
    await h.reply(GENERAL, sent.event.ts);
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[Alice (U1111)]: hello the docs (https://example.com)']);
  });

  it('is streamed with the asker as recipient', async () => {
    // Longer than the streamer's buffer: a short answer is posted once instead of streamed.
    h.model.reply({ text: 'A fairly long answer. '.repeat(20).trim() });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hi' });
    await h.reply(GENERAL, sent.event.ts);
    const start = h.slack.callsTo('chat.startStream')[0]!;
    expect(start.args).toMatchObject({ channel: GENERAL, thread_ts: sent.event.ts, recipient_user_id: ALICE, recipient_team_id: 'T0001' });
  });

  it('posts nothing at the channel top level', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hi' });
    await h.reply(GENERAL, sent.event.ts);
    expect(h.slack.thread(GENERAL, undefined)).toEqual([]);
  });

  it("looks the speaker's name up once, not on every message", async () => {
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'one' });
    await h.reply(GENERAL, first.event.ts);
    const second = await h.mention({ user: ALICE, channel: GENERAL, text: 'two' });
    await h.reply(GENERAL, second.event.ts);
    expect(h.slack.callsTo('users.info').filter((call) => call.args.user === ALICE)).toHaveLength(1);
  });

  it('labels an unknown speaker with their user id', async () => {
    const sent = await h.mention({ user: 'U0STRANGER', channel: GENERAL, text: 'who am I?' });
    await h.reply(GENERAL, sent.event.ts);
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[U0STRANGER]: who am I?']);
  });
});
