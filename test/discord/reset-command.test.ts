import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetWords } from '../../src/commands/reset.js';
import { keyFor } from '../../src/adapters/discord/keys.js';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

const EPHEMERAL = 64;

describe('/reset', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it("is deferred ephemerally, then forgets the invoker's conversation in that channel", async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'remember: 7' });
    const { callback, edit } = await h.command('reset', { from: world.alice, in: { channel: world.general } });
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.body.content).toBe(resetWords.done);
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'what number?' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'what number?' }]);
  });

  it('in a DM forgets the DM conversation only', async () => {
    await h.ask({ from: world.bob, in: { dm: true }, content: 'dm fact' });
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'channel fact' });
    await h.command('reset', { from: world.bob, in: { dm: true } });
    expect(await h.parley.exportConversation(dmKeyOf(world.bob.id), world.bob.id)).toBeUndefined();
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'still there?' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['channel fact', 'echo: channel fact', 'still there?']);
  });

  it('cannot delete a thread the invoker never spoke in', async () => {
    await h.ask({ from: world.alice, in: { thread: world.thread }, content: 'thread plan' });
    const { edit } = await h.command('reset', { from: world.bob, in: { thread: world.thread } });
    expect(edit.body.content).toBe(resetWords.nothing);
    await h.ask({ from: world.alice, in: { thread: world.thread }, content: 'next' });
    expect(h.modelSaw().map((m) => m.text)).toContain('[Alice ops (1000000000000000501)]: thread plan');
  });

  it('in a thread forgets the thread for everyone when a participant asks', async () => {
    const { edit } = await h.command('reset', { from: world.alice, in: { thread: world.thread } });
    expect(edit.body.content).toBe(resetWords.done);
    await h.ask({ from: world.bob, in: { thread: world.thread }, content: 'fresh' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: '[Bob (1000000000000000502)]: fresh' }]);
  });
});

function dmKeyOf(userId: string) {
  return keyFor({ guildId: null, channelId: 'any-dm-channel', userId });
}
