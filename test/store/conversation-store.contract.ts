import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, type ConversationHead, type ConversationStore, type StoredTurn } from '../../src/core/index.js';

const key = (user: string) => conversationKey({ platform: 'terminal', workspaceId: 'w', scope: { kind: 'dm', userId: user } });

const turn = (index: number, text = `t${index}`): StoredTurn => ({
  index,
  at: new Date(0).toISOString(),
  authorId: 'u',
  messages: [
    { role: 'user', content: text },
    { role: 'assistant', content: [{ type: 'text', text: `re ${text}` }] },
  ],
  usage: { inputTokens: 1, outputTokens: 1 },
  tokens: 10,
});

const head = (turns: number): ConversationHead => ({
  turns,
  messages: turns * 2,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
  usage: { inputTokens: turns, outputTokens: turns },
  participants: ['u'],
});

/** The behaviours every ConversationStore must have, run against each implementation. */
export function conversationStoreContract(name: string, makeStore: () => Promise<{ store: ConversationStore; cleanup?: () => Promise<void> }>): void {
  describe(`${name} conversation store`, () => {
    let store: ConversationStore;
    let cleanup: (() => Promise<void>) | undefined;
    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await store.close();
      await cleanup?.();
    });

    it('has no head for an unknown conversation', async () => {
      expect(await store.readHead(key('nobody'))).toBeUndefined();
    });

    it('returns committed turns in order', async () => {
      for (let i = 0; i < 5; i++) await store.commitTurn(key('a'), turn(i), head(i + 1));
      expect((await store.readTurns(key('a'), 0, 5)).map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
      expect((await store.readTurns(key('a'), 2, 4)).map((t) => t.index)).toEqual([2, 3]);
    });

    it('rewrites one turn in place and leaves the head and the other turns alone', async () => {
      for (let i = 0; i < 3; i++) await store.commitTurn(key('a'), turn(i), head(i + 1));
      await store.replaceTurn(key('a'), { ...turn(1, 'edited'), editedAt: new Date(1).toISOString() });
      const turns = await store.readTurns(key('a'), 0, 3);
      expect(turns.map((t) => t.messages[0]!.content)).toEqual(['t0', 'edited', 't2']);
      expect(turns[1]!.editedAt).toBe(new Date(1).toISOString());
      expect(await store.readHead(key('a'))).toEqual(head(3));
    });

    it('keeps conversations apart', async () => {
      await store.commitTurn(key('a'), turn(0, 'for a'), head(1));
      await store.commitTurn(key('b'), turn(0, 'for b'), head(1));
      expect((await store.readTurns(key('a'), 0, 1))[0]!.messages[0]!.content).toBe('for a');
    });

    it('really deletes a conversation', async () => {
      for (let i = 0; i < 3; i++) await store.commitTurn(key('a'), turn(i), head(i + 1));
      expect(await store.deleteConversation(key('a'))).toBe(true);
      expect(await store.readHead(key('a'))).toBeUndefined();
      expect(await store.readTurns(key('a'), 0, 3)).toEqual([]);
    });

    it('reports false when deleting nothing', async () => {
      expect(await store.deleteConversation(key('ghost'))).toBe(false);
    });

    it('stores and deletes small records', async () => {
      await store.writeRecord('r1', { n: 1 });
      expect(await store.readRecord('r1')).toEqual({ n: 1 });
      await store.deleteRecord('r1');
      expect(await store.readRecord('r1')).toBeUndefined();
    });
  });
}
