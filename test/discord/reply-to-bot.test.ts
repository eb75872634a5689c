import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiMessage } from '../fakes/discord-rest.js';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe("a reply to one of the bot's messages", () => {
  let h: DiscordHarness;
  let botAnswer: ApiMessage;
  beforeAll(async () => {
    h = await startDiscordHarness();
    botAnswer = (await h.ask({ from: world.alice, in: { channel: world.general }, content: 'first question' })).messages[0]!;
  });
  afterAll(async () => {
    await h.close();
  });

  it('counts as talking to the bot, without a mention, and continues the conversation', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'and a follow-up', mentionBot: false, replyTo: botAnswer });
    expect(reply.text).toBe('echo: and a follow-up');
    expect(h.modelSaw().map((m) => m.text)).toEqual(['first question', 'echo: first question', 'and a follow-up']);
  });

  it('counts with the ping turned off too (the referenced author decides)', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'quietly', mentionBot: false, replyTo: botAnswer, pingReply: false });
    expect(reply.ok).toBe(true);
  });

  it("does not count when it replies to someone else's message", async () => {
    h.anthropic.reset();
    const people: ApiMessage = { ...botAnswer, id: '1328000000000000555', author: { id: world.bob.id, username: 'bob', discriminator: '0' }, content: 'bob says' };
    const ignoredId = h.send({ from: world.alice, in: { channel: world.general }, content: 'reply to bob', mentionBot: false, replyTo: people });
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'ping' });
    expect(h.repliesTo(ignoredId)).toEqual([]);
    expect(h.anthropic.requests).toHaveLength(1);
  });
});
