import { describe, expect, it } from 'vitest';
import { addressFor } from '../../src/adapters/discord/keys.js';
import { slackAddress } from '../../src/adapters/slack/keys.js';
import { terminalAddress } from '../../src/adapters/terminal/index.js';
import { conversationKey, isShared, type MessageAddress } from '../../src/core/index.js';

const dm: MessageAddress = { platform: 'slack', workspaceId: 'T1', channelId: 'D1', userId: 'U1', audience: 'dm' };
const thread: MessageAddress = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '171.1', userId: 'U1', audience: 'shared' };
const channel: MessageAddress = { platform: 'discord', workspaceId: 'G1', channelId: 'C1', userId: 'U1', audience: 'shared' };

describe('conversation keys', () => {
  it('differ between platforms, workspaces and places', () => {
    const keys = new Set([
      conversationKey(dm),
      conversationKey({ ...dm, platform: 'discord' }),
      conversationKey({ ...dm, workspaceId: 'T2' }),
      conversationKey({ ...channel, platform: 'slack', workspaceId: 'T1' }),
      conversationKey({ ...thread, threadId: 'U1' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('are one per thread, whoever writes in it', () => {
    expect(conversationKey({ ...thread, userId: 'U2' })).toBe(conversationKey(thread));
  });

  it('are one per person at channel level and in DMs', () => {
    expect(conversationKey({ ...channel, userId: 'U2' })).not.toBe(conversationKey(channel));
    expect(conversationKey({ ...dm, userId: 'U2' })).not.toBe(conversationKey(dm));
  });

  it('cannot be made to collide by ids that contain the separator', () => {
    expect(conversationKey({ ...thread, channelId: 'C1:x', threadId: 'y' })).not.toBe(conversationKey({ ...thread, channelId: 'C1', threadId: 'x:y' }));
    expect(conversationKey({ ...dm, platform: 'slack:T1', workspaceId: 'x' })).not.toBe(conversationKey({ ...dm, platform: 'slack', workspaceId: 'T1:x' }));
  });

  it('rejects empty ids, and a thread or channel conversation without its channel', () => {
    expect(() => conversationKey({ ...dm, workspaceId: '' })).toThrow(TypeError);
    expect(() => conversationKey({ ...dm, platform: '' })).toThrow(TypeError);
    const { channelId: _none, ...noChannel } = thread;
    expect(() => conversationKey(noChannel)).toThrow(TypeError);
    const { channelId: _neither, ...nowhere } = channel;
    expect(() => conversationKey(nowhere)).toThrow(TypeError);
  });

  it('make a conversation shared only in a thread others can read', () => {
    expect(isShared(thread)).toBe(true);
    expect(isShared({ ...thread, audience: 'dm' })).toBe(false);
    expect(isShared(channel)).toBe(false);
    expect(isShared(dm)).toBe(false);
  });
});

// Histories are stored under these strings: a key built from an adapter's address must be exactly the
// string earlier versions stored, or every existing conversation would lose its memory on upgrade.
describe('stored key format', () => {
  it('is unchanged for Slack DMs, DM threads and channel threads', () => {
    expect(conversationKey(slackAddress({ teamId: 'T024BE7LD', channel: 'D0DM', user: 'U2147483697', dm: true }))).toBe('slack:T024BE7LD:dm:U2147483697');
    expect(conversationKey(slackAddress({ teamId: 'T024BE7LD', channel: 'D0DM', threadTs: '1700000000.000100', user: 'U2147483697', dm: true }))).toBe(
      'slack:T024BE7LD:thread:D0DM:1700000000.000100',
    );
    expect(conversationKey(slackAddress({ teamId: 'T024BE7LD', channel: 'C0GENERAL', threadTs: '1700000000.000100', user: 'U2147483697', dm: false }))).toBe(
      'slack:T024BE7LD:thread:C0GENERAL:1700000000.000100',
    );
  });

  it('is unchanged for Discord DMs, threads and channels', () => {
    expect(conversationKey(addressFor({ guildId: null, channelId: '1100', userId: '2200' }))).toBe('discord:%40dm:dm:2200');
    expect(conversationKey(addressFor({ guildId: '3300', channelId: '4400', threadParentId: '5500', userId: '2200' }))).toBe('discord:3300:thread:5500:4400');
    expect(conversationKey(addressFor({ guildId: '3300', channelId: '5500', userId: '2200' }))).toBe('discord:3300:channel-user:5500:2200');
  });

  it('is unchanged for the terminal, and still encodes separators inside ids', () => {
    expect(conversationKey(terminalAddress('ann'))).toBe('terminal:local:dm:ann');
    expect(conversationKey(terminalAddress('a:b c'))).toBe('terminal:local:dm:a%3Ab%20c');
  });
});
