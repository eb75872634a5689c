import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/core/index.js';

describe('conversation keys', () => {
  it('differ between platforms, workspaces and scopes', () => {
    const keys = new Set([
      conversationKey({ platform: 'slack', workspaceId: 'T1', scope: { kind: 'dm', userId: 'U1' } }),
      conversationKey({ platform: 'discord', workspaceId: 'T1', scope: { kind: 'dm', userId: 'U1' } }),
      conversationKey({ platform: 'slack', workspaceId: 'T2', scope: { kind: 'dm', userId: 'U1' } }),
      conversationKey({ platform: 'slack', workspaceId: 'T1', scope: { kind: 'channel-user', channelId: 'C1', userId: 'U1' } }),
      conversationKey({ platform: 'slack', workspaceId: 'T1', scope: { kind: 'thread', channelId: 'C1', threadId: 'U1' } }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('cannot be made to collide by ids that contain the separator', () => {
    const a = conversationKey({ platform: 'slack', workspaceId: 'T1', scope: { kind: 'thread', channelId: 'C1:x', threadId: 'y' } });
    const b = conversationKey({ platform: 'slack', workspaceId: 'T1', scope: { kind: 'thread', channelId: 'C1', threadId: 'x:y' } });
    expect(a).not.toBe(b);
  });

  it('rejects empty ids', () => {
    expect(() => conversationKey({ platform: 'slack', workspaceId: '', scope: { kind: 'dm', userId: 'U1' } })).toThrow(TypeError);
  });
});
