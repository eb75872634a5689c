import { randomUUID } from 'node:crypto';
import Keyv from 'keyv';
import { KeyedQueue, revisionOf, type ConversationHead, type ConversationKey, type ConversationStore, type StoreRecord, type StoredTurn } from '../core/index.js';

/** The raw keyv keys of a conversation's head and turns (the SQLite fenced commit writes them directly). */
export const headKey = (key: ConversationKey) => `h:${key}`;
export const turnKey = (key: ConversationKey, index: number) => `t:${key}:${index}`;
export const recordKey = (name: string) => `r:${name}`;

/** A fenced commit native to the backend (one SQL statement); see ConversationStore.commitTurn. */
export type FencedCommit = (key: ConversationKey, turn: StoredTurn, head: ConversationHead, expectedRevision: string, records: readonly StoreRecord[]) => Promise<boolean>;

/**
 * A {@link ConversationStore} over a keyv instance (memory://, sqlite://): one record per turn plus a
 * small head. `fencedCommit`, when the backend has one, checks the revision and writes both in one
 * statement; without it (memory) the check and the writes run under an in-process lock, which is
 * all a store no other process can open needs.
 */
export function createKeyvConversationStore(keyv: Keyv, fencedCommit?: FencedCommit): ConversationStore {
  // keyv swallows store errors by default: a failed read looks like an empty conversation (whose
  // next turn would then overwrite the real head) and a failed write returns false. Both must throw,
  // so the core can answer StoreUnavailable instead of losing data silently.
  keyv.throwOnErrors = true;
  const commits = new KeyedQueue();
  const readHead = async (key: ConversationKey) => (await keyv.get<ConversationHead>(headKey(key))) ?? undefined;
  return {
    readHead,
    async readTurns(key, from, to) {
      if (to <= from) return [];
      const keys = Array.from({ length: to - from }, (_, i) => turnKey(key, from + i));
      const turns = await keyv.getMany<StoredTurn>(keys);
      return turns.filter((turn): turn is StoredTurn => turn !== undefined && turn !== null);
    },
    commitTurn(key, turn, head, expectedRevision, records = []) {
      if (fencedCommit) return fencedCommit(key, turn, head, expectedRevision, records);
      return commits.run(key, async () => {
        if (revisionOf(await readHead(key)) !== expectedRevision) return false;
        // Turn first, head second: until the head counts it, a half-written turn is invisible.
        await keyv.set(turnKey(key, turn.index), turn);
        await keyv.set(headKey(key), head);
        for (const record of records) await keyv.set(recordKey(record.name), record.value);
        return true;
      });
    },
    async replaceTurn(key, turn) {
      await keyv.set(turnKey(key, turn.index), turn);
      // Callers hold the conversation's lease, so nothing commits between this read and write.
      const head = await readHead(key);
      if (head) await keyv.set(headKey(key), { ...head, revision: randomUUID() });
    },
    async deleteConversation(key) {
      const head = await readHead(key);
      if (!head) return false;
      // The head goes first: from then on the conversation does not exist, and a commit fenced on its
      // revision fails, whatever is left to delete. One index past the head too: a turn written just
      // before a crash was never counted.
      await keyv.delete(headKey(key));
      const keys = Array.from({ length: head.turns + 1 }, (_, i) => turnKey(key, i));
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await keyv.deleteMany(keys.slice(i, i + DELETE_BATCH));
      return true;
    },
    readRecord: async <T>(name: string) => (await keyv.get<T>(recordKey(name))) ?? undefined,
    async writeRecord(name, value, ttlMs) {
      await keyv.set(recordKey(name), value, ttlMs);
    },
    async deleteRecord(name) {
      await keyv.delete(recordKey(name));
    },
    close: () => keyv.disconnect(),
  };
}

// SQLite binds at most 32,766 parameters; keyv passes keys as one JSON array, but smaller batches
// keep each statement short so other conversations' writes are not held up behind a big reset.
const DELETE_BATCH = 500;
