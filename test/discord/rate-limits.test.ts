import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryFailed, userMessageFor } from '../../src/core/index.js';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('Discord rate limits', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('waits out a 429 on posting the reply (retry_after) and then delivers it', async () => {
    h.rest.rateLimitNext('POST /channels/:id/messages', 1, 0.5);
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'through the limit' });
    expect(reply.text).toBe('echo: through the limit');
    const posts = h.rest.callsTo('POST /channels/:id/messages');
    const limited = posts.find((c) => c.status === 429)!;
    const retried = posts.find((c) => c.status === 200 && c.body.message_reference?.message_id === reply.messageId)!;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(500);
  });

  it('logs a post Discord refuses (403), tells the person, and keeps serving the next message', async () => {
    h.rest.failNext('POST /channels/:id/messages', 1, 403);
    const refused = await h.ask({ from: world.bob, in: { channel: world.general }, content: 'refused' });
    expect(h.rest.callsTo('POST /channels/:id/messages').some((c) => c.status === 403)).toBe(true);
    expect(h.logs.some((l) => l.event === 'discord.reply_refused')).toBe(true);
    expect(refused.text).toBe(userMessageFor(new DeliveryFailed('refused')));
    const reply = await h.ask({ from: world.bob, in: { channel: world.general }, content: 'and now' });
    expect(reply.text).toBe('echo: and now');
  });
});
