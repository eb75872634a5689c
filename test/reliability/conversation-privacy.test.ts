import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, type ConversationKey } from '../../src/core/index.js';
import { startGuardedCore, type GuardedCore } from './support.js';

const aliceInDm = { platform: 'slack', workspaceId: 'T1', channelId: 'D1', userId: 'U-alice', audience: 'dm' } as const;
const aliceInThread = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '171.1', userId: 'U-alice', audience: 'shared' } as const;
const aliceDm = conversationKey(aliceInDm);
const aliceThread = conversationKey(aliceInThread);

// Keys an attacker might craft to reach alice's conversations: the real ones, look-alikes with
// separators smuggled into ids, other platforms and workspaces, and raw strings the core never made.
const crafted: ConversationKey[] = [
  aliceDm,
  aliceThread,
  conversationKey({ ...aliceInDm, userId: 'U-alice:x' }),
  conversationKey({ ...aliceInDm, workspaceId: 'T1:dm' }),
  conversationKey({ ...aliceInDm, platform: 'discord' }),
  conversationKey({ ...aliceInDm, platform: 'slack:T1' }),
  conversationKey({ ...aliceInThread, threadId: undefined }),
  ...['slack:T1:dm:U-alice ', 'slack:T1:dm:U-alice%3A', 'slack:T1:dm:*', 'slack:T1:dm:', 'slack:T1:thread:C1:171.1:', 'slack:T1:%', '*', ''].map(
    (raw) => raw as ConversationKey,
  ),
];

describe('conversation privacy', () => {
  let core: GuardedCore;
  beforeEach(async () => {
    core = await startGuardedCore();
    await core.parley.send({ address: aliceInDm, text: 'my secret plan' });
    await core.parley.send({ address: aliceInThread, text: 'thread talk' });
  });
  afterEach(() => core.close());

  it('reads nothing out to someone who never spoke there, whatever key they craft', async () => {
    for (const key of crafted) expect(await core.parley.exportConversation(key, 'U-mallory'), key).toBeUndefined();
  });

  it('resets nothing for someone who never spoke there, whatever key they craft', async () => {
    for (const key of crafted) expect(await core.parley.reset(key, 'U-mallory'), key).toBe(false);
    expect((await core.store.readHead(aliceDm))?.turns).toBe(1);
    expect((await core.store.readHead(aliceThread))?.turns).toBe(1);
  });

  it('does not treat a participant id crafted to look like another as that participant', async () => {
    for (const requester of ['U-alice ', 'u-alice', 'U-alice\u200b', '', '*']) {
      expect(await core.parley.exportConversation(aliceDm, requester), requester).toBeUndefined();
    }
  });

  it('exports only the conversation asked for, even to someone who is in several', async () => {
    const exported = await core.parley.exportConversation(aliceDm, 'U-alice');
    expect(exported!.json).toContain('my secret plan');
    expect(exported!.json).not.toContain('thread talk');
    expect(exported!.markdown).not.toContain('thread talk');
    expect(exported!.messageCount).toBe(2);
  });
});
