import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey, revisionOf, type ConversationHead, type StoredTurn } from '../../src/core/index.js';
import type { Store } from '../../src/store/open-store.js';

const key = (user: string) => conversationKey({ platform: 'terminal', workspaceId: 'w', userId: user, audience: 'dm' });

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

const head = (turns: number, revision = `rev-${turns}-${Math.random()}`): ConversationHead => ({
  revision,
  turns,
  messages: turns * 2,
  createdAt: new Date(0).toISOString(),
  updatedAt: new Date(0).toISOString(),
  usage: { inputTokens: turns, outputTokens: turns },
  participants: ['u'],
});

/** Two connections to one store (the same one twice where a store lives in one process), and its cleanup. */
export interface StorePair {
  first: Store;
  second: Store;
  cleanup?: () => Promise<void>;
}

/** Opens a fresh pair before each test of the calling describe and closes it (and its namespace) after. */
export function useStorePair(openPair: () => Promise<StorePair>): () => StorePair {
  let pair: StorePair | undefined;
  beforeEach(async () => {
    pair = await openPair();
  });
  afterEach(async () => {
    await pair!.first.close();
    if (pair!.second !== pair!.first) await pair!.second.close();
    await pair!.cleanup?.();
  });
  return () => pair!;
}

/** What a store says of itself in ConversationStore.commitTurn's contract. */
export interface StoreTraits {
  /** Records sent with a commit are written in its atomic step (false: beside it, even when it is refused). */
  recordsInTheCommit: boolean;
}

/** The behaviours every ConversationStore must have, run against each implementation. */
export function conversationStoreContract(name: string, openPair: () => Promise<StorePair>, traits: StoreTraits = { recordsInTheCommit: true }): void {
  describe(`${name} conversation store`, () => {
    const current = useStorePair(openPair);
    const store = () => current().first.conversations;
    /** Commits turns 0..n-1 one after another, each fenced on the previous head. */
    const grow = async (k: ReturnType<typeof key>, n: number) => {
      let previous: ConversationHead | undefined;
      for (let i = 0; i < n; i++) {
        const next = head(i + 1);
        expect(await store().commitTurn(k, turn(i), next, revisionOf(previous))).toBe(true);
        previous = next;
      }
      return previous;
    };
    it('has no head for an unknown conversation', async () => {
      expect(await store().readHead(key('nobody'))).toBeUndefined();
    });

    it('returns committed turns in order', async () => {
      await grow(key('a'), 5);
      expect((await store().readTurns(key('a'), 0, 5)).map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
      expect((await store().readTurns(key('a'), 2, 4)).map((t) => t.index)).toEqual([2, 3]);
    });

    it('rewrites one turn in place and leaves the head’s counts and the other turns alone', async () => {
      const before = await grow(key('a'), 3);
      await store().replaceTurn(key('a'), { ...turn(1, 'edited'), editedAt: new Date(1).toISOString() });
      const turns = await store().readTurns(key('a'), 0, 3);
      expect(turns.map((t) => t.messages[0]!.content)).toEqual(['t0', 'edited', 't2']);
      expect(turns[1]!.editedAt).toBe(new Date(1).toISOString());
      const { revision, ...counts } = (await store().readHead(key('a')))!;
      const { revision: previous, ...countsBefore } = before!;
      expect(counts).toEqual(countsBefore);
      // A new revision: other processes' cached windows of this conversation reload.
      expect(revision).not.toBe(previous);
    });

    it('stores and deletes small records, seen by the other connection', async () => {
      await store().writeRecord('r1', { n: 1 });
      expect(await current().second.conversations.readRecord('r1')).toEqual({ n: 1 });
      await store().deleteRecord('r1');
      expect(await store().readRecord('r1')).toBeUndefined();
    });

    it('keeps conversations apart', async () => {
      await store().commitTurn(key('a'), turn(0, 'for a'), head(1), '');
      await store().commitTurn(key('b'), turn(0, 'for b'), head(1), '');
      expect((await store().readTurns(key('a'), 0, 1))[0]!.messages[0]!.content).toBe('for a');
    });

    it('really deletes a conversation', async () => {
      await grow(key('a'), 3);
      expect(await store().deleteConversation(key('a'))).toBe(true);
      expect(await store().readHead(key('a'))).toBeUndefined();
      expect(await store().readTurns(key('a'), 0, 3)).toEqual([]);
    });

    it('reports false when deleting nothing', async () => {
      expect(await store().deleteConversation(key('ghost'))).toBe(false);
    });

    describe('fenced commits', () => {
      it('refuses a turn built on a head that is no longer current, writing nothing', async () => {
        const current = await grow(key('a'), 2);
        expect(await store().commitTurn(key('a'), turn(2, 'stale'), head(3), 'some-older-revision')).toBe(false);
        expect(await store().readHead(key('a'))).toEqual(current);
        expect(await store().readTurns(key('a'), 2, 3)).toEqual([]);
      });

      it('refuses a first turn when the conversation already exists', async () => {
        await grow(key('a'), 1);
        expect(await store().commitTurn(key('a'), turn(0, 'also first'), head(1), '')).toBe(false);
        expect((await store().readTurns(key('a'), 0, 1))[0]!.messages[0]!.content).toBe('t0');
      });

      it('refuses a turn built before a reset', async () => {
        const before = await grow(key('a'), 2);
        await store().deleteConversation(key('a'));
        expect(await store().commitTurn(key('a'), turn(2), head(3), revisionOf(before))).toBe(false);
        expect(await store().readHead(key('a'))).toBeUndefined();
      });

      it('lets exactly one of two connections commit on the same head', async () => {
        const base = await grow(key('a'), 1);
        const attempts = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? current().first : current().second).conversations.commitTurn(key('a'), turn(1, `racer ${i}`), head(2, `racer-${i}`), revisionOf(base)));
        const results = await Promise.all(attempts);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect((await current().second.conversations.readHead(key('a')))?.revision).toBe(`racer-${winner}`);
        expect((await current().second.conversations.readTurns(key('a'), 1, 2))[0]!.messages[0]!.content).toBe(`racer ${winner}`);
      });

      it('lets exactly one of two connections start a new conversation', async () => {
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? current().first : current().second).conversations.commitTurn(key('new'), turn(0, `first ${i}`), head(1, `first-${i}`), '')),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await current().first.conversations.readHead(key('new')))?.revision).toBe(`first-${results.indexOf(true)}`);
      });

      it('stores the records that come with a commit, seen by the other connection', async () => {
        const base = await grow(key('a'), 1);
        const records = [
          { name: 'source:m2', value: { key: key('a'), index: 1 } },
          { name: 'source:m2-alias', value: { n: 2 } },
        ];
        expect(await store().commitTurn(key('a'), turn(1), head(2), revisionOf(base), records)).toBe(true);
        expect(await current().second.conversations.readRecord('source:m2')).toEqual({ key: key('a'), index: 1 });
        expect(await current().second.conversations.readRecord('source:m2-alias')).toEqual({ n: 2 });
        await store().writeRecord('source:m3', { old: true }, 60_000);
        expect(await store().commitTurn(key('b'), turn(0), head(1), '', [{ name: 'source:m3', value: { key: key('b'), index: 0 } }])).toBe(true);
        expect(await current().second.conversations.readRecord('source:m3')).toEqual({ key: key('b'), index: 0 });
      });

      if (traits.recordsInTheCommit) {
        it('writes no record with a refused commit', async () => {
          await grow(key('a'), 1);
          expect(await store().commitTurn(key('a'), turn(1), head(2), 'some-older-revision', [{ name: 'source:refused', value: { index: 1 } }])).toBe(false);
          expect(await current().second.conversations.readRecord('source:refused')).toBeUndefined();
        });
      }

      it('shows one connection’s commit to the other at once', async () => {
        const committed = await grow(key('a'), 1);
        expect(await current().second.conversations.readHead(key('a'))).toEqual(committed);
      });
    });
  });
}
