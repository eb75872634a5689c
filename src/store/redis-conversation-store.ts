import { randomUUID } from 'node:crypto';
import type { ConversationHead, ConversationKey, ConversationStore, StoredTurn } from '../core/index.js';
import type { RedisClient } from './redis-client.js';

// The conversation key in braces is a Redis Cluster hash tag: a conversation's head and turns live
// in one slot, so the commit script may touch all of them.
const headKey = (prefix: string, key: ConversationKey) => `${prefix}{${key}}:head`;
const turnKey = (prefix: string, key: ConversationKey, index: number) => `${prefix}{${key}}:turn:${index}`;

// The fence: the head is a hash of {revision, head}; the turn and the new head are written only when
// the stored revision is still the one the turn was built on ('' for none), all in one script.
const COMMIT = `
local current = redis.call('HGET', KEYS[1], 'revision') or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[4])
redis.call('HSET', KEYS[1], 'revision', ARGV[2], 'head', ARGV[3])
return 1`;

// A rewritten turn and the new revision that makes other processes reload it, together.
const REPLACE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'revision', ARGV[2])
return 1`;
const recordKey = (prefix: string, name: string) => `${prefix}r:${name}`;

/**
 * Histories in Redis: one string per turn and one small hash per head, under `prefix`. `onError` hears
 * of a record sent with a commit that Redis refused (the turn itself is saved).
 */
export function createRedisConversationStore(client: RedisClient, prefix: string, onError: (error: unknown) => void = () => undefined): ConversationStore {
  return {
    async readHead(key) {
      const [revision, head] = await client.hmGet(headKey(prefix, key), ['revision', 'head']);
      // The hash's revision field is the truth (replaceTurn changes only it).
      return head ? { ...(JSON.parse(head) as ConversationHead), revision: revision ?? '' } : undefined;
    },
    async readTurns(key, from, to) {
      if (to <= from) return [];
      const keys = Array.from({ length: to - from }, (_, i) => turnKey(prefix, key, from + i));
      const values = await client.mGet(keys);
      return values.filter((value): value is string => typeof value === 'string').map((value) => JSON.parse(value) as StoredTurn);
    },
    async commitTurn(key, turn, head, expectedRevision, records = []) {
      const commit = client.eval(COMMIT, {
        keys: [headKey(prefix, key), turnKey(prefix, key, turn.index)],
        arguments: [expectedRevision, head.revision ?? '', JSON.stringify(head), JSON.stringify(turn)],
      });
      // Records live in other Cluster slots than the conversation, so the script cannot write them.
      // Sent in the same tick, they share the commit's round trip (node-redis pipelines a tick's
      // commands), whether or not it is refused: see ConversationStore.commitTurn.
      const written = records.map((record) => client.set(recordKey(prefix, record.name), JSON.stringify(record.value)).catch(onError));
      const [committed] = await Promise.all([commit, ...written]);
      return committed === 1;
    },
    async replaceTurn(key, turn) {
      await client.eval(REPLACE, { keys: [headKey(prefix, key), turnKey(prefix, key, turn.index)], arguments: [JSON.stringify(turn), randomUUID()] });
    },
    async deleteConversation(key) {
      const head = await client.hGet(headKey(prefix, key), 'head');
      if (!head) return false;
      const { turns } = JSON.parse(head) as ConversationHead;
      // One index past the head too, as in every store: a turn written before a crash was never counted.
      const keys = Array.from({ length: turns + 1 }, (_, i) => turnKey(prefix, key, i));
      // The head goes first: from then on the conversation does not exist, whatever is left to unlink.
      await client.unlink(headKey(prefix, key));
      for (let i = 0; i < keys.length; i += UNLINK_BATCH) await client.unlink(keys.slice(i, i + UNLINK_BATCH));
      return true;
    },
    async readRecord<T>(name: string) {
      const value = await client.get(recordKey(prefix, name));
      return value === null ? undefined : (JSON.parse(value) as T);
    },
    async writeRecord(name, value, ttlMs) {
      await client.set(recordKey(prefix, name), JSON.stringify(value), ttlMs ? { expiration: { type: 'PX', value: ttlMs } } : {});
    },
    async deleteRecord(name) {
      await client.unlink(recordKey(prefix, name));
    },
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

// Keys per UNLINK: large enough for few round trips, small enough not to block Redis noticeably.
const UNLINK_BATCH = 500;
