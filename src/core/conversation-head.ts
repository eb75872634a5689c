import { randomUUID } from 'node:crypto';
import type { ConversationHead, StoredTurn } from './types.js';

/** The head after committing `turn`: counts, usage totals and participants carried forward. */
export function nextHead(previous: ConversationHead | undefined, turn: StoredTurn, authorId: string, at: Date): ConversationHead {
  const base: ConversationHead = previous ?? {
    turns: 0,
    messages: 0,
    createdAt: turn.at,
    updatedAt: turn.at,
    usage: { inputTokens: 0, outputTokens: 0 },
    participants: [],
  };
  return {
    revision: randomUUID(),
    turns: base.turns + 1,
    messages: base.messages + turn.messages.length,
    createdAt: base.createdAt,
    updatedAt: at.toISOString(),
    usage: {
      inputTokens: base.usage.inputTokens + turn.usage.inputTokens,
      outputTokens: base.usage.outputTokens + turn.usage.outputTokens,
    },
    participants: base.participants.includes(authorId) ? base.participants : [...base.participants, authorId],
  };
}
