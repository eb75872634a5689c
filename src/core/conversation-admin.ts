import { importInto } from './conversation-import.js';
import type { ConversationKey } from './conversation-key.js';
import type { ConversationLocks } from './conversation-locks.js';
import type { ConversationStore } from './conversation-store.js';
import type { Logger } from './logger.js';
import type { Parley } from './parley.js';
import { storeCall } from './store-call.js';
import { buildExport } from './transcript.js';
import type { WindowCache } from './window-cache.js';

/** What the conversation operations share with the turn path: the same queue, cache and store. */
export interface ConversationAdminDeps {
  store: ConversationStore;
  /** Reset and export take the conversation's lease behind its running turns, so they see it whole. */
  queue: ConversationLocks;
  cache: WindowCache;
  logger: Logger;
  now?: () => Date;
}

/** Reset, export and import, each allowed only to the conversation's participants. */
export function createConversationAdmin({ store, queue, cache, logger, now = () => new Date() }: ConversationAdminDeps): Pick<Parley, 'reset' | 'exportConversation' | 'importConversation'> {
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
  };
}
