import { describe, expect, it } from 'vitest';
import { addressFor, keyFor } from '../../src/adapters/discord/keys.js';

describe('Discord conversation addresses', () => {
  it('a DM is the user\'s own conversation, outside any guild', () => {
    expect(addressFor({ guildId: null, channelId: 'd1', userId: 'u1' })).toEqual({ platform: 'discord', workspaceId: '@dm', scope: { kind: 'dm', userId: 'u1' } });
  });

  it('at channel level each user has their own conversation per channel', () => {
    const a = keyFor({ guildId: 'g', channelId: 'c1', userId: 'u1' });
    expect(keyFor({ guildId: 'g', channelId: 'c1', userId: 'u2' })).not.toBe(a);
    expect(keyFor({ guildId: 'g', channelId: 'c2', userId: 'u1' })).not.toBe(a);
    expect(addressFor({ guildId: 'g', channelId: 'c1', userId: 'u1' }).scope).toEqual({ kind: 'channel-user', channelId: 'c1', userId: 'u1' });
  });

  it('a thread is one conversation shared by everyone in it', () => {
    const alice = keyFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u1' });
    expect(keyFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u2' })).toBe(alice);
    expect(addressFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u1' }).scope).toEqual({ kind: 'thread', channelId: 'c1', threadId: 't1' });
  });
});
