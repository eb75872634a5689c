import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('Socket Mode', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness({ mode: 'socket' });
  });
  afterEach(() => h.close());

  it('opens its connection through SLACK_API_URL with the app token', async () => {
    expect(h.slack.callsTo('apps.connections.open').map((call) => call.token)).toEqual([h.slack.appToken]);
    expect(h.socket!.connections).toBe(1);
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.port).toBeUndefined();
  });

  it('answers a mention in its thread and acknowledges the envelope', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'over the socket' });
    const reply = await h.reply(GENERAL, sent.event.ts);
    expect(reply.text).toBe('echo: [Alice (U1111)]: over the socket');
    expect(h.socket!.acks.length).toBeGreaterThanOrEqual(1);
  });

  it('answers a redelivered envelope (retry_attempt 1) once', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'once' });
    await h.reply(GENERAL, sent.event.ts);
    await h.deliver(sent, { retryNum: 1 });
    await h.dm({ user: ALICE, text: 'marker' });
    await h.reply(`D${ALICE}`, undefined, 'echo: marker');
    expect(h.slack.thread(GENERAL, sent.event.ts)).toHaveLength(1);
  });

  it('runs slash commands and answers them privately', async () => {
    await h.dm({ user: ALICE, text: 'remember' });
    await h.reply(`D${ALICE}`, undefined, 'echo: remember');
    const response = await h.command('/reset', ALICE, `D${ALICE}`);
    expect(response).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('forgotten') });
  });
});
