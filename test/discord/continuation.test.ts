import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('a user talking to the bot again in the same channel', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('continues their conversation: the model sees the earlier exchange', async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'my name is Alice' });
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'what is my name?' });
    expect(reply.text).toBe('echo: what is my name?');
    expect(h.modelSaw()).toEqual([
      { role: 'user', text: 'my name is Alice' },
      { role: 'assistant', text: 'echo: my name is Alice' },
      { role: 'user', text: 'what is my name?' },
    ]);
  });
});
