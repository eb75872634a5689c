import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('conversation isolation', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.anthropic.reset());

  it("keeps two users' channel conversations apart in the same channel", async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'alice secret: tulip' });
    await h.ask({ from: world.bob, in: { channel: world.general }, content: 'what did alice say?' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'what did alice say?' }]);
  });

  it("keeps one user's conversations in two channels apart", async () => {
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'in random' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'in random' }]);
  });

  it('keeps a thread apart from its parent channel', async () => {
    await h.ask({ from: world.alice, in: { thread: world.thread }, content: 'thread question' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: '[Alice ops (1000000000000000501)]: thread question' }]);
  });

  it('shares a thread among its participants, each message labelled with its speaker', async () => {
    const reply = await h.ask({ from: world.bob, in: { thread: world.thread }, content: 'and my follow-up' });
    expect(reply.messages[0]!.channel_id).toBe(world.thread);
    expect(h.modelSaw()).toEqual([
      { role: 'user', text: '[Alice ops (1000000000000000501)]: thread question' },
      { role: 'assistant', text: 'echo: [Alice ops (1000000000000000501)]: thread question' },
      { role: 'user', text: '[Bob (1000000000000000502)]: and my follow-up' },
    ]);
  });

  it('keeps DMs apart from guild conversations', async () => {
    await h.ask({ from: world.alice, in: { dm: true }, content: 'dm hello' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'dm hello' }]);
  });
});
