import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, tempSqliteUrl, world, type DiscordHarness } from './harness.js';

describe('memory across a restart', () => {
  let h: DiscordHarness;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const sqlite = await tempSqliteUrl();
    cleanup = sqlite.cleanup;
    h = await startDiscordHarness({ storeUrl: sqlite.url });
  });
  afterAll(async () => {
    await h.close();
    await cleanup();
  });

  it('survives destroying the client and the core and building new ones on the same sqlite file', async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'remember the pelican' });
    await h.ask({ from: world.bob, in: { thread: world.thread }, content: 'thread memory' });
    await h.restart();
    expect(h.gateway.identifies).toBe(2);
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'which bird?' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['remember the pelican', 'echo: remember the pelican', 'which bird?']);
    await h.ask({ from: world.alice, in: { thread: world.thread }, content: 'and here?' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['[Bob (1000000000000000502)]: thread memory', 'echo: [Bob (1000000000000000502)]: thread memory', '[Alice ops (1000000000000000501)]: and here?']);
  });
});
