import { randomUUID } from 'node:crypto';
import type { ConversationHead, StoredTurn } from './types.js';
import { addUsage, emptyUsage } from './usage.js';

/** The head after committing `turn`: counts, usage totals and participants carried forward. */
export function nextHead(previous: ConversationHead | undefined, turn: StoredTurn, authorId: string, at: Date): ConversationHead {
  const base: ConversationHead = previous ?? {
    turns: 0,
    messages: 0,
    createdAt: turn.at,
    updatedAt: turn.at,
    usage: emptyUsage(),
    participants: [],
  };
  return {
    revision: randomUUID(),
    turns: base.turns + 1,
    messages: base.messages + turn.messages.length,
    createdAt: base.createdAt,
    updatedAt: at.toISOString(),
    usage: addUsage(base.usage, turn.usage),
    participants: base.participants.includes(authorId) ? base.participants : [...base.participants, authorId],
    ...((turn.compaction?.summary ?? base.summary) ? { summary: turn.compaction?.summary ?? base.summary } : {}),
  };
}
