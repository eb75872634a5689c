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
  /** Writes the turn, then the head that counts it: a crash between the two leaves the turn invisible. */
  commitTurn(key: ConversationKey, turn: StoredTurn, head: ConversationHead): Promise<void>;
  /** Rewrites one committed turn in place (a deletion or edit of its message); the head is unchanged. */
  replaceTurn(key: ConversationKey, turn: StoredTurn): Promise<void>;
  /** Deletes every record of the conversation. Returns false when there was none. */
  deleteConversation(key: ConversationKey): Promise<boolean>;
  /** Small JSON records beside conversations: indexes, rate counters, budgets. */
  readRecord<T>(name: string): Promise<T | undefined>;
  /** Writes a small record; `ttlMs` lets counters expire by themselves. */
  writeRecord<T>(name: string, value: T, ttlMs?: number): Promise<void>;
  /** Deletes a small record. */
  deleteRecord(name: string): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}
