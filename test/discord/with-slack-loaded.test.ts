// @slack/bolt's Socket Mode brings undici 7, discord.js 14 uses undici 6. When undici 7 loads first it
// installs its Agent as the process-wide dispatcher that undici 6 also reads, and discord.js requests
// carrying files then fail ("action is not a function") unless discord.js has an Agent of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscordHarness } from './harness.js';

describe('with @slack/bolt loaded first in the same process', () => {
  let h: DiscordHarness;
  let world: typeof import('./harness.js')['world'];
  beforeAll(async () => {
    // Load Bolt and build a Socket Mode app before anything of discord.js is imported.
    const bolt = await import('@slack/bolt');
    const receiver = new bolt.SocketModeReceiver({ appToken: 'xapp-1-A000-0000-fake' });
    new bolt.App({ token: 'xoxb-fake', receiver, tokenVerificationEnabled: false });
    const undiciGlobal = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.2')];
    expect(undiciGlobal, 'undici 7 installed its global dispatcher').toBeDefined();
    const harness = await import('./harness.js');
    world = harness.world;
    h = await harness.startDiscordHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('still delivers /export attachments to Discord', async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'remember 42' });
    const { edit } = await h.command('export', { from: world.alice, in: { channel: world.general } });
    expect(edit.status).toBe(200);
    expect(edit.files.map((f) => f.filename).sort()).toEqual(['conversation.json', 'conversation.md']);
    expect(edit.files.find((f) => f.filename === 'conversation.md')!.data.toString()).toContain('remember 42');
  });
});
