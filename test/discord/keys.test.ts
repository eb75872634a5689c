import { describe, expect, it } from 'vitest';
import { addressFor, keyFor } from '../../src/adapters/discord/keys.js';
import { isShared } from '../../src/core/index.js';

describe('Discord conversation addresses', () => {
  it('a DM is the user\'s own conversation, outside any guild', () => {
    expect(addressFor({ guildId: null, channelId: 'd1', userId: 'u1' })).toEqual({ platform: 'discord', workspaceId: '@dm', channelId: 'd1', userId: 'u1', audience: 'dm' });
  });

  it('at channel level each user has their own conversation per channel', () => {
    const a = keyFor({ guildId: 'g', channelId: 'c1', userId: 'u1' });
    expect(keyFor({ guildId: 'g', channelId: 'c1', userId: 'u2' })).not.toBe(a);
    expect(keyFor({ guildId: 'g', channelId: 'c2', userId: 'u1' })).not.toBe(a);
    expect(isShared(addressFor({ guildId: 'g', channelId: 'c1', userId: 'u1' }))).toBe(false);
  });

  it('a thread is one conversation shared by everyone in it', () => {
    const alice = keyFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u1' });
    expect(keyFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u2' })).toBe(alice);
    expect(addressFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u1' })).toMatchObject({ channelId: 'c1', threadId: 't1', audience: 'shared' });
    expect(isShared(addressFor({ guildId: 'g', channelId: 't1', threadParentId: 'c1', userId: 'u1' }))).toBe(true);
  });
});
