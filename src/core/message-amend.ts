// Deletions and edits of messages already answered: the stored turn follows what the person did.
import type { ConversationKey } from './conversation-key.js';
import type { ConversationStore } from './conversation-store.js';
import type { ConversationLocks } from './conversation-locks.js';
import type { Logger } from './logger.js';
import { storeCall } from './store-call.js';
import { estimateTokens } from './token-estimate.js';
import type { MessageChange, StoredTurn } from './types.js';
import { DELETED_MESSAGE, editedUserMessage } from './user-content.js';
import type { WindowCache } from './window-cache.js';

/** Where a platform message's turn is: written when the turn is committed. */
interface SourceLocation {
  key: ConversationKey;
  index: number;
}

/** The record name under which a platform message's turn is found. */
export const sourceRecord = (sourceId: string): string => `source:${sourceId}`;

/** What amending shares with the turn path. */
export interface AmendDeps {
  store: ConversationStore;
  queue: ConversationLocks;
  cache: WindowCache;
  logger: Logger;
  now: () => Date;
}

/**
 * Rewrites the turn answering a message: a deletion replaces the user message by a placeholder (the
 * reply stays, answering "a deleted message") and drops its files; an edit replaces the text and keeps
 * the files. Only the turn's own author can edit it. Queued behind the conversation's running turns.
 */
export function createMessageAmender({ store, queue, cache, logger, now }: AmendDeps) {
  return async (sourceId: string, change: MessageChange): Promise<boolean> => {
    const location = await storeCall('read the conversation', () => store.readRecord<SourceLocation>(sourceRecord(sourceId)));
    if (!location) return false;
    return queue.run(location.key, async () => {
      const [turn] = await storeCall('read the conversation', () => store.readTurns(location.key, location.index, location.index + 1));
      // A reset conversation leaves its records behind; a new turn at that index answers another message.
      if (!turn || turn.sourceId !== sourceId || turn.deletedAt) return false;
      if (change.kind === 'edited' && change.message.address.userId !== turn.authorId) return false;
      const amended = change.kind === 'deleted' ? deletedTurn(turn, now()) : editedTurn(turn, change.message, now());
      await storeCall('save the turn', () => store.replaceTurn(location.key, amended));
      cache.delete(location.key);
      if (change.kind === 'deleted') await store.deleteRecord(sourceRecord(sourceId)).catch(() => undefined);
      logger.info('turn.amended', { conversation: logger.pseudonym(location.key), turn: turn.index, change: change.kind });
      return true;
    });
  };
}

function deletedTurn(turn: StoredTurn, at: Date): StoredTurn {
  const { attachments: _files, fileBytes: _bytes, editedAt: _edited, ...rest } = turn;
  const messages = [{ role: 'user' as const, content: DELETED_MESSAGE }, ...turn.messages.slice(1)];
  return { ...rest, messages, tokens: estimateTokens(messages), deletedAt: at.toISOString() };
}

function editedTurn(turn: StoredTurn, edit: Extract<MessageChange, { kind: 'edited' }>['message'], at: Date): StoredTurn {
  const messages = [editedUserMessage(turn, edit), ...turn.messages.slice(1)];
  return { ...turn, messages, tokens: estimateTokens(messages), editedAt: at.toISOString() };
}
