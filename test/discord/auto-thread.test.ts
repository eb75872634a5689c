import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('DISCORD_AUTO_THREAD', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscordHarness({ adapter: { autoThread: true } });
  });
  afterEach(() => h.close());

  const inChannel = (channelId: string) => [...h.rest.messages.values()].filter((m) => m.channel_id === channelId).map((m) => m.content);

  it('opens a thread under a channel mention and answers in it', async () => {
    const messageId = h.send({ from: world.alice, in: { channel: world.general }, content: 'plan the launch' });
    await h.handled(messageId);
    const thread = h.rest.channels.get(messageId)!;
    expect(thread).toMatchObject({ type: 11, parent_id: world.general, name: 'plan the launch' });
    expect(inChannel(messageId)).toEqual(['echo: [Alice ops (1000000000000000501)]: plan the launch']);
    expect(inChannel(world.general)).toEqual([]);
  });

  it('makes the thread one conversation, shared by everyone in it', async () => {
    const messageId = h.send({ from: world.alice, in: { channel: world.general }, content: 'plan the launch' });
    await h.handled(messageId);
    await h.ask({ from: world.bob, in: { thread: messageId }, content: 'and the date?' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['[Alice ops (1000000000000000501)]: plan the launch', 'echo: [Alice ops (1000000000000000501)]: plan the launch', '[Bob (1000000000000000502)]: and the date?']);
  });
});
