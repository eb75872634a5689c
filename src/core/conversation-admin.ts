import { importInto } from './conversation-import.js';
import type { ConversationKey } from './conversation-key.js';
import type { ConversationLocks } from './conversation-locks.js';
import type { ConversationStore } from './conversation-store.js';
import type { Coordination } from './coordination.js';
import type { Logger } from './logger.js';
import type { Parley } from './parley.js';
import { storeCall } from './store-call.js';
import { buildExport } from './transcript.js';
import type { WindowCache } from './window-cache.js';

/** What the conversation operations share with the turn path: the same queue, cache and store. */
export interface ConversationAdminDeps {
  store: ConversationStore;
  /** Where the named indexes live: shared sets, so every process sees every entry. */
  coordination: Coordination;
  /** Reset and export take the conversation's lease behind its running turns, so they see it whole. */
  queue: ConversationLocks;
  cache: WindowCache;
  logger: Logger;
  now?: () => Date;
}

// Conversations one index remembers (e.g. the threads one user started in one channel): the newest
// few hundred cover any real use of /reset and /export while keeping the record small.
const MAX_INDEX_ENTRIES = 500;

/** Reset, export and the named conversation indexes, each allowed only to the conversation's participants. */
export function createConversationAdmin({ store, coordination, queue, cache, logger, now = () => new Date() }: ConversationAdminDeps): Pick<Parley, 'reset' | 'exportConversation' | 'importConversation' | 'listIndexed' | 'addToIndex'> {
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
    // Indexes are shared sets (one atomic add per entry, so two conversations started at once on two
    // processes both stay listed). Listing drops conversations that were reset: an index holds live ones only.
    async listIndexed(indexName) {
      const name = `index:${indexName}`;
      const keys = (await storeCall('read an index', () => coordination.members(name))) as ConversationKey[];
      const heads = await Promise.all(keys.map((key) => storeCall('read the conversation', () => store.readHead(key))));
      const gone = keys.filter((_, i) => heads[i] === undefined);
      if (gone.length > 0) await storeCall('update an index', () => coordination.removeMembers(name, gone));
      return keys.filter((_, i) => heads[i] !== undefined);
    },
    addToIndex: (indexName, key) => storeCall('update an index', () => coordination.addMember(`index:${indexName}`, key, MAX_INDEX_ENTRIES)),
  };
}
