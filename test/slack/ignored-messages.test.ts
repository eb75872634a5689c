import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, fixture } from '../fakes/slack-events.js';
import { ALICE, BOB, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('messages that are not a person talking to the bot', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const expectIgnored = async (name: string, event: Record<string, unknown> = fixture(name)) => {
    const result = await h.deliver(envelope(event));
    expect(result.status).toBe(200);
    await h.settle();
    expect(h.model.requests).toHaveLength(1);
    expect(h.slack.messages.filter((m) => m.channel !== `D${BOB}`)).toEqual([]);
  };

  it("ignores the bot's own messages", () => expectIgnored('own_message'));
  it("ignores other bots' messages", () => expectIgnored('bot_message'));
  it('does not answer edits (they amend the stored turn instead)', () => expectIgnored('message_changed'));
  it('does not answer deletions (they amend the stored turn instead)', () => expectIgnored('message_deleted'));
  it('ignores channel joins', () => expectIgnored('channel_join'));

  it('ignores plain channel messages, even ones mentioning the bot (app_mention answers those)', () =>
    expectIgnored('channel message', { ...fixture('message_im').event, channel: GENERAL, channel_type: 'channel', text: '<@UBOT> hello' }));


  it('answers a file shared with text', async () => {
    await h.deliver(envelope({ ...fixture('message_im').event, ts: '1769999999.000001', subtype: 'file_share', text: 'what is in this file?', files: [{ id: 'F1' }] }));
    await h.reply(`D${ALICE}`, undefined, 'echo: what is in this file?');
  });

  it('survives a malformed event and keeps serving', async () => {
    // Bolt itself chokes on this one (500, so Slack would retry it a few times); the process goes on.
    await h.events.event(envelope({ type: 'app_mention', channel: 42, text: null }));
    await h.settle();
    expect(h.model.requests).toHaveLength(1);
  });
});
