import type { ConversationKey } from './conversation-key.js';
import type { ConversationHead, StoredTurn } from './types.js';

/**
 * Where histories live. A turn is appended as one record plus a rewrite of the small head,
 * so the cost of a turn does not grow with the conversation.
 */
export interface ConversationStore {
  /** The head, or undefined for a conversation that does not exist. */
  readHead(key: ConversationKey): Promise<ConversationHead | undefined>;
  /** Turns with index in [from, to), in order; missing ones are skipped. */
  readTurns(key: ConversationKey, from: number, to: number): Promise<StoredTurn[]>;
  /**
   * A fenced commit: writes the turn and its head in one atomic step, only if the stored head's
   * revision is still `expectedRevision` ('' for a conversation that does not exist yet). False when
   * someone else committed or reset in between: nothing was written and the caller's history is stale.
   */
  commitTurn(key: ConversationKey, turn: StoredTurn, head: ConversationHead, expectedRevision: string): Promise<boolean>;
  /** Deletes every record of the conversation. Returns false when there was none. */
  deleteConversation(key: ConversationKey): Promise<boolean>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** The revision a commit on top of `head` must expect. */
export const revisionOf = (head: ConversationHead | undefined): string => head?.revision ?? '';
