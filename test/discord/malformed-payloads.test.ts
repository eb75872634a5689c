import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

// Gateway dispatches a proxy, a buggy gateway or a future API change could produce: each must be
// dropped without taking the handler (or the process) down. A payload that discord.js itself cannot
// parse (e.g. `mentions` that is not a list) throws inside the library's gateway handler, before any
// adapter code runs; main.ts logs such unhandled rejections as app.unhandled_rejection and keeps serving.
const malformed: [string, unknown][] = [
  ['an empty object', {}],
  ['a message without an author', { id: '1000000000000009001', channel_id: world.general, guild_id: world.guildId, content: 'hi', type: 0 }],
  ['a message in an unknown channel', { id: '1000000000000009002', channel_id: '1000000000000009999', guild_id: world.guildId, content: 'hi', type: 0, author: { id: world.alice.id, username: 'alice' } }],
  ['content that is not a string', { id: '1000000000000009003', channel_id: world.general, guild_id: world.guildId, content: { nested: true }, type: 0, author: { id: world.alice.id, username: 'alice' }, mentions: [] }],
];

describe('malformed gateway payloads', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(malformed)('drops %s and keeps answering', async (_name, payload) => {
    h.anthropic.reset();
    h.gateway.dispatch('MESSAGE_CREATE', payload);
    const reply = await h.ask({ from: world.bob, in: { channel: world.random }, content: 'still there?' });
    expect(reply.text).toBe('echo: still there?');
    expect(h.anthropic.requests).toHaveLength(1);
  });
});
