import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmEvent, envelope } from '../fakes/slack-events.js';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('a redelivered event', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());


  it('with the same event_id and X-Slack-Retry-Num: 1 is answered once', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'only once please' });
    await h.reply(GENERAL, sent.event.ts);
    await h.deliver(sent, { retryNum: 1, retryReason: 'http_timeout' });
    await h.settle();
    expect(h.slack.thread(GENERAL, sent.event.ts)).toHaveLength(1);
    expect(h.model.requests.filter((r) => JSON.stringify(r.body).includes('only once please'))).toHaveLength(1);
  });

  it('is still answered when the first delivery never arrived (the app was down)', async () => {
    const missed = dmEvent({ user: ALICE, text: 'sent while you were down' });
    await h.deliver(missed, { retryNum: 2, retryReason: 'http_error' });
    await h.reply(`D${ALICE}`, undefined, 'echo: sent while you were down');
  });

  it('is answered once when the same message arrives as app_mention and as message.im', async () => {
    const asMessage = dmEvent({ user: ALICE, text: `<@${h.slack.botUserId}> hi in a DM` });
    const asMention = envelope({ ...asMessage.event, type: 'app_mention', channel_type: undefined });
    await h.deliver(asMessage);
    await h.deliver(asMention);
    await h.reply(`D${ALICE}`, undefined, 'echo: hi in a DM');
    await h.settle();
    expect(h.slack.thread(`D${ALICE}`, undefined)).toHaveLength(1);
  });
});
