import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('a thread the client has not cached', () => {
  let h: DiscordHarness;
  const lateThread = '1000000000000000399';
  beforeAll(async () => {
    h = await startDiscordHarness();
    // Known to Discord (REST) but never announced on the gateway.
    h.rest.channels.set(lateThread, {
      id: lateThread,
      guild_id: world.guildId,
      parent_id: world.random,
      owner_id: world.alice.id,
      type: 11,
      name: 'late thread',
      thread_metadata: { archived: false, auto_archive_duration: 60, locked: false, archive_timestamp: '2026-01-10T09:30:00.000000+00:00' },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is fetched once to learn its parent, and then treated as a shared thread', async () => {
    await h.ask({ from: world.alice, in: { thread: lateThread }, content: 'late' });
    expect(h.rest.callsTo('GET /channels/:id').map((c) => c.path)).toEqual([`/channels/${lateThread}`]);
    await h.ask({ from: world.bob, in: { thread: lateThread }, content: 'me too' });
    expect(h.modelSaw().map((m) => m.text)).toEqual(['[Alice ops (1000000000000000501)]: late', 'echo: [Alice ops (1000000000000000501)]: late', '[Bob (1000000000000000502)]: me too']);
  });
});
