import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('direct messages', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('are answered without a mention, in the DM channel', async () => {
    const reply = await h.ask({ from: world.alice, in: { dm: true }, content: 'remember: blue' });
    expect(reply.text).toBe('echo: remember: blue');
    expect(reply.messages[0]!.guild_id).toBeUndefined();
  });

  it("continue that user's own DM conversation", async () => {
    await h.ask({ from: world.alice, in: { dm: true }, content: 'what colour?' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['remember: blue', 'echo: remember: blue', 'what colour?']);
  });

  it("never mix with another user's DMs", async () => {
    await h.ask({ from: world.bob, in: { dm: true }, content: 'what colour?' });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'what colour?' }]);
  });
});
