// /import's core operation: an export becomes the history of an empty conversation, turn by turn.
import { nextHead } from './conversation-head.js';
import { revisionOf } from './conversation-store.js';
import { ConversationChanged } from './errors.js';
import type { ConversationKey } from './conversation-key.js';
import type { ConversationStore } from './conversation-store.js';
import { ImportRejected } from './errors.js';
import { parseExport } from './export-format.js';
import { storeCall } from './store-call.js';
import { estimateTokens } from './token-estimate.js';
import type { ConversationHead, ModelMessage, StoredTurn } from './types.js';

/** What an import stored. */
export interface ImportResult {
  messageCount: number;
  turns: number;
}

/**
 * Validates `text` as an export, then stores it as the history of `key`, attributed to the importer, if
 * that conversation is empty. Nothing is stored when either check fails; a store failure midway deletes
 * what was written, so a conversation is never left holding half an import.
 */
export async function importInto(store: ConversationStore, key: ConversationKey, requesterId: string, text: string, now: Date): Promise<ImportResult> {
  const existing = await storeCall('read the conversation', () => store.readHead(key));
  if (existing) {
    throw new ImportRejected(`this conversation already has ${existing.messages.toLocaleString('en-US')} messages; /reset it first, then import`);
  }
  const messages = parseExport(text);
  const turns = splitIntoTurns(messages, requesterId, now);
  let head: ConversationHead | undefined;
  try {
    for (const turn of turns) {
      const expected = revisionOf(head);
      head = nextHead(head, turn, requesterId, now);
      const committed = head;
      // Fenced like every commit: a turn arriving from another process mid-import fails the import whole.
      if (!(await storeCall('save the import', () => store.commitTurn(key, turn, committed, expected)))) throw new ConversationChanged();
    }
  } catch (error) {
    await store.deleteConversation(key).catch(() => undefined);
    throw error;
  }
  return { messageCount: messages.length, turns: turns.length };
}

// A turn starts at each user message that is not the answer to tool calls, exactly as the core stores
// them, so the windowing of later requests sees the same turns the exported conversation had.
function splitIntoTurns(messages: readonly ModelMessage[], authorId: string, now: Date): StoredTurn[] {
  const groups: ModelMessage[][] = [];
  for (const message of messages) {
    const answersTools = Array.isArray(message.content) && message.content.some((block) => block.type === 'tool_result');
    if (message.role === 'user' && !answersTools) groups.push([message]);
    else groups.at(-1)!.push(message);
  }
  return groups.map((group, index) => ({
    index,
    at: now.toISOString(),
    authorId,
    messages: group,
    usage: { inputTokens: 0, outputTokens: 0 },
    tokens: estimateTokens(group),
  }));
}
