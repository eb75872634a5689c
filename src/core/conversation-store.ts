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
   *
   * `records` (small records without expiry, such as where a platform message's turn is; names must
   * differ) come with the turn, so a turn costs one store call: when the commit resolves true they are stored. SQLite,
   * PostgreSQL and memory write them in the same atomic step (none when refused). Redis keeps records
   * outside the conversation's Cluster slot, so it sends them beside the commit in the same round trip,
   * refused or not, and reports a failed one through the store's onError rather than failing a turn
   * that is saved. So a record never proves that a turn exists: its reader checks the turn.
   */
  commitTurn(key: ConversationKey, turn: StoredTurn, head: ConversationHead, expectedRevision: string, records?: readonly StoreRecord[]): Promise<boolean>;
  /**
   * Rewrites one committed turn in place (a deletion or edit of its message). The head's counts stay;
   * its revision changes, so every process's cached window of the conversation reloads.
   */
  replaceTurn(key: ConversationKey, turn: StoredTurn): Promise<void>;
  /** Deletes every record of the conversation. Returns false when there was none. */
  deleteConversation(key: ConversationKey): Promise<boolean>;
  /** A small JSON record beside conversations (e.g. where a platform message's turn is), or undefined. */
  readRecord<T>(name: string): Promise<T | undefined>;
  /** Writes a small record; `ttlMs` lets it expire by itself. Counters and indexes belong in the Coordination port. */
  writeRecord<T>(name: string, value: T, ttlMs?: number): Promise<void>;
  /** Deletes a small record. */
  deleteRecord(name: string): Promise<void>;
  /** Releases connections and file handles. */
  close(): Promise<void>;
}

/** A small record written with a turn ({@link ConversationStore.commitTurn}). */
export interface StoreRecord {
  name: string;
  value: unknown;
}

/** The revision a commit on top of `head` must expect. */
export const revisionOf = (head: ConversationHead | undefined): string => head?.revision ?? '';
