import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('deleted and edited Discord messages', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscordHarness();
  });
  afterEach(() => h.close());

  it('a deleted DM message is gone from the next request; the reply stays, answering a deleted message', async () => {
    const first = await h.ask({ from: world.alice, in: { dm: true }, content: 'my token is abc123' });
    h.deleteMessage(first.messageId, { dm: true }, world.alice);
    await h.waitForLog((line) => line.event === 'discord.message_deleted' && line.messageId === first.messageId && line.applied === true);
    await h.ask({ from: world.alice, in: { dm: true }, content: 'next' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['(This message was deleted by its author.)', 'echo: my token is abc123', 'next']);
  });

  it('a deleted mention in a channel leaves its conversation too', async () => {
    const first = await h.ask({ from: world.bob, in: { channel: world.general }, content: 'secret plan' });
    h.deleteMessage(first.messageId, { channel: world.general }, world.bob);
    await h.waitForLog((line) => line.event === 'discord.message_deleted' && line.messageId === first.messageId && line.applied === true);
    await h.ask({ from: world.bob, in: { channel: world.general }, content: 'what plan?' });
    expect(h.modelSaw()[0]!.text).toBe('(This message was deleted by its author.)');
  });

  it('an edited message is stored as edited', async () => {
    const first = await h.ask({ from: world.alice, in: { dm: true }, content: 'ship on Monday' });
    h.editMessage(first.messageId, { from: world.alice, in: { dm: true }, content: 'ship on Tuesday' });
    await h.waitForLog((line) => line.event === 'discord.message_edited' && line.messageId === first.messageId && line.applied === true);
    await h.ask({ from: world.alice, in: { dm: true }, content: 'when?' });
    expect(h.modelSaw()[0]!.text).toBe('ship on Tuesday');
  });

  it("leaves other people's conversations alone when an unanswered message is deleted", async () => {
    await h.ask({ from: world.alice, in: { dm: true }, content: 'keep me' });
    h.deleteMessage('1328000000000099999', { channel: world.general }, world.bob);
    await h.waitForLog((line) => line.event === 'discord.message_deleted' && line.messageId === '1328000000000099999');
    await h.ask({ from: world.alice, in: { dm: true }, content: 'still?' });
    expect(h.modelSaw()[0]!.text).toBe('keep me');
  });
});
