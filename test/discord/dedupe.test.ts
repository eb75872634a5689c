import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('redelivered events', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a MESSAGE_CREATE delivered twice (same id) once', async () => {
    h.anthropic.reset();
    const id = newId();
    h.send({ id, from: world.alice, in: { channel: world.general }, content: 'only once' });
    h.send({ id, from: world.alice, in: { channel: world.general }, content: 'only once' });
    await h.handled(id);
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'after' });
    expect(h.repliesTo(id)).toHaveLength(1);
    expect(h.anthropic.requests).toHaveLength(2);
  });

  it('answers a redelivery once even after discord.js has evicted the message from its cache', async () => {
    h.anthropic.reset();
    const id = newId();
    h.send({ id, from: world.alice, in: { channel: world.general }, content: 'evicted later' });
    await h.handled(id);
    // discord.js keeps 200 messages per channel; 200 more push this one out, so only the adapter's
    // own dedupe stands between the redelivery and a second answer.
    for (let i = 0; i < 200; i++) h.send({ from: world.bob, in: { channel: world.general }, content: `chatter ${i}`, mentionBot: false });
    h.send({ id, from: world.alice, in: { channel: world.general }, content: 'evicted later' });
    await h.waitForLog((l) => l.event === 'discord.message_duplicate' && l.messageId === id);
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'after' });
    expect(h.repliesTo(id)).toHaveLength(1);
    expect(h.anthropic.requests).toHaveLength(2);
  });

  it('answers a message replayed by a gateway RESUME once, and keeps serving after it', async () => {
    h.anthropic.reset();
    const id = h.send({ from: world.alice, in: { channel: world.general }, content: 'before the drop' });
    await h.handled(id);
    const resumed = h.gateway.whenSessionReady();
    // The connection drops; discord.js resumes and the gateway replays the last event it had sent.
    h.gateway.dropConnection({ replayAlreadySeen: 1 });
    await resumed;
    expect(h.gateway.resumes).toBe(1);
    // discord.js itself drops a replayed MESSAGE_CREATE still in its message cache; either way, one answer.
    const after = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'after the drop' });
    expect(after.text).toBe('echo: after the drop');
    expect(h.repliesTo(id)).toHaveLength(1);
    expect(h.anthropic.requests).toHaveLength(2);
  });

  it('runs a slash command delivered twice once', async () => {
    const { callback } = await h.command('reset', { from: world.alice, in: { channel: world.general }, deliveries: 2 });
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'after' });
    const interactionId = callback.path.split('/')[2];
    expect(h.rest.callsTo('POST /interactions/:id/:token/callback').filter((c) => c.path.split('/')[2] === interactionId)).toHaveLength(1);
  });
});
