import { importInto } from './conversation-import.js';
import type { ConversationKey } from './conversation-key.js';
import type { ConversationStore } from './conversation-store.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { Logger } from './logger.js';
import type { Parley } from './parley.js';
import { storeCall } from './store-call.js';
import { buildExport } from './transcript.js';
import type { WindowCache } from './window-cache.js';

/** What the conversation operations share with the turn path: the same queue, cache and store. */
export interface ConversationAdminDeps {
  store: ConversationStore;
  /** Reset and export queue behind a conversation's running turns, so they see it whole. */
  queue: KeyedQueue;
  cache: WindowCache;
  logger: Logger;
  now?: () => Date;
}

// Conversations one index remembers (e.g. the threads one user started in one channel): the newest
// few hundred cover any real use of /reset and /export while keeping the record small.
const MAX_INDEX_ENTRIES = 500;

/** Reset, export and the named conversation indexes, each allowed only to the conversation's participants. */
export function createConversationAdmin({ store, queue, cache, logger, now = () => new Date() }: ConversationAdminDeps): Pick<Parley, 'reset' | 'exportConversation' | 'importConversation' | 'listIndexed' | 'addToIndex'> {
  const participantHead = async (key: ConversationKey, requesterId: string) => {
    const head = await storeCall('read the conversation', () => store.readHead(key));
    // Someone who never spoke in a conversation gets the same answer as for one that does not exist.
    return head && head.participants.includes(requesterId) ? head : undefined;
  };

  return {
    reset: (key, requesterId) =>
      queue.run(key, async () => {
        if (!(await participantHead(key, requesterId))) return false;
        cache.delete(key);
        await storeCall('delete the conversation', () => store.deleteConversation(key));
        logger.info('conversation.reset', { conversation: logger.pseudonym(key) });
        return true;
      }),
    exportConversation: (key, requesterId) =>
      queue.run(key, async () => {
        const head = await participantHead(key, requesterId);
        if (!head) return undefined;
        const turns = await storeCall('read the conversation', () => store.readTurns(key, 0, head.turns));
        return buildExport(head, turns, now());
      }),
    importConversation: (key, requesterId, text) =>
      queue.run(key, async () => {
        const result = await importInto(store, key, requesterId, text, now());
        cache.delete(key);
        logger.info('conversation.imported', { conversation: logger.pseudonym(key), messages: result.messageCount, turns: result.turns });
        return result;
      }),
    // Index updates are queued under the index's own name: two conversations started at once must
    // not lose an entry. Listing drops conversations that were reset, so an index holds live ones only.
    listIndexed: (indexName) =>
      queue.run(`index:${indexName}`, async () => {
        const name = `index:${indexName}`;
        const keys = (await store.readRecord<ConversationKey[]>(name)) ?? [];
        const heads = await Promise.all(keys.map((key) => store.readHead(key)));
        const live = keys.filter((_, i) => heads[i] !== undefined);
        if (live.length !== keys.length) await store.writeRecord(name, live);
        return live;
      }),
    addToIndex: (indexName, key) =>
      queue.run(`index:${indexName}`, async () => {
        const name = `index:${indexName}`;
        const keys = (await store.readRecord<ConversationKey[]>(name)) ?? [];
        if (!keys.includes(key)) await store.writeRecord(name, [...keys, key].slice(-MAX_INDEX_ENTRIES));
      }),
  };
}
