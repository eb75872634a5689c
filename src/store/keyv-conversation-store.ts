import Keyv from 'keyv';
import type { ConversationHead, ConversationKey, ConversationStore, StoredTurn } from '../core/index.js';

const headKey = (key: ConversationKey) => `h:${key}`;
const turnKey = (key: ConversationKey, index: number) => `t:${key}:${index}`;
const recordKey = (name: string) => `r:${name}`;

/** Writes several records in one atomic statement; keys are the raw keys this store uses. */
export type WriteRecords = (records: ReadonlyArray<{ key: string; value: unknown }>) => Promise<void>;

/**
 * A {@link ConversationStore} over any keyv instance: one record per turn plus a small head.
 * `writeRecords`, when the backend has one, commits a turn and its head in a single statement.
 */
export function createKeyvConversationStore(keyv: Keyv, writeRecords?: WriteRecords): ConversationStore {
  // keyv swallows store errors by default: a failed read looks like an empty conversation (whose
  // next turn would then overwrite the real head) and a failed write returns false. Both must throw,
  // so the core can answer StoreUnavailable instead of losing data silently.
  keyv.throwOnErrors = true;
  return {
    readHead: async (key) => (await keyv.get<ConversationHead>(headKey(key))) ?? undefined,
    async readTurns(key, from, to) {
      if (to <= from) return [];
      const keys = Array.from({ length: to - from }, (_, i) => turnKey(key, from + i));
      const turns = await keyv.getMany<StoredTurn>(keys);
      return turns.filter((turn): turn is StoredTurn => turn !== undefined && turn !== null);
    },
    async commitTurn(key, turn, head) {
      if (writeRecords) {
        // One statement is one transaction: the turn and the head that counts it land together.
        await writeRecords([
          { key: turnKey(key, turn.index), value: turn },
          { key: headKey(key), value: head },
        ]);
        return;
      }
      // Turn first, head second: until the head counts it, a half-written turn is invisible.
      await keyv.set(turnKey(key, turn.index), turn);
      await keyv.set(headKey(key), head);
    },
    async replaceTurn(key, turn) {
      await keyv.set(turnKey(key, turn.index), turn);
    },
    async deleteConversation(key) {
      const head = await keyv.get<ConversationHead>(headKey(key));
      if (!head) return false;
      // One index past the head too: a turn written just before a crash was never counted.
      const keys = Array.from({ length: head.turns + 1 }, (_, i) => turnKey(key, i));
      for (let i = 0; i < keys.length; i += DELETE_BATCH) await keyv.deleteMany(keys.slice(i, i + DELETE_BATCH));
      await keyv.delete(headKey(key));
      return true;
    },
    readRecord: async <T>(name: string) => (await keyv.get<T>(recordKey(name))) ?? undefined,
    writeRecord: async (name, value, ttlMs) => {
      await keyv.set(recordKey(name), value, ttlMs);
    },
    deleteRecord: async (name) => {
      await keyv.delete(recordKey(name));
    },
    close: () => keyv.disconnect(),
  };
}

// SQLite binds at most 32,766 parameters; keyv passes keys as one JSON array, but smaller batches
// keep each statement short so other conversations' writes are not held up behind a big reset.
const DELETE_BATCH = 500;
