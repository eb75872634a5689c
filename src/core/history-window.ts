import type { ConversationKey } from './conversation-key.js';
import type { ConversationStore } from './conversation-store.js';
import type { ConversationHead, ModelMessage, StoredTurn } from './types.js';

/** The part of a conversation the next request can use: its head and the newest turns within budget. */
export interface HistoryWindow {
  head: ConversationHead | undefined;
  /** Newest turns, oldest first, whose tokens together fit the budget. */
  turns: StoredTurn[];
}

// The first read takes a few turns (most conversations are short); later reads are sized from the
// tokens per turn seen so far, so a window of hundreds of turns loads in two or three round trips
// instead of one per 8 turns, while fetching little past the budget. The cap bounds one statement.
const FIRST_PAGE_TURNS = 8;
const MAX_PAGE_TURNS = 512;
// Headroom over the estimate, so turns a little smaller than the average do not need one more read.
const PAGE_ESTIMATE_MARGIN = 1.1;

/** Loads only as many of the newest turns since the conversation's summary as fit in `budget` tokens. */
export async function loadWindow(
  store: ConversationStore,
  key: ConversationKey,
  budget: number,
): Promise<HistoryWindow> {
  const head = await store.readHead(key);
  if (!head) return { head, turns: [] };
  // Turns before the summary's are out of the window for good: the summary stands in for them.
  const first = head.summary?.throughTurn ?? 0;
  let tokens = 0;
  const newestFirst: StoredTurn[] = [];
  let pageTurns = FIRST_PAGE_TURNS;
  for (let to = head.turns; to > first; ) {
    const from = Math.max(first, to - pageTurns);
    const page = await store.readTurns(key, from, to);
    for (let i = page.length - 1; i >= 0; i--) {
      const turn = page[i]!;
      if (tokens + turn.tokens > budget) return { head, turns: newestFirst.reverse() };
      tokens += turn.tokens;
      newestFirst.push(turn);
    }
    to = from;
    pageTurns = nextPageTurns(budget - tokens, tokens / Math.max(1, newestFirst.length));
  }
  return { head, turns: newestFirst.reverse() };
}

function nextPageTurns(remainingTokens: number, tokensPerTurn: number): number {
  const estimate = Math.ceil((remainingTokens / Math.max(1, tokensPerTurn)) * PAGE_ESTIMATE_MARGIN) + 1;
  return Math.min(MAX_PAGE_TURNS, Math.max(FIRST_PAGE_TURNS, estimate));
}

/**
 * The newest whole turns that fit in `budget`. Dropping whole turns keeps every tool_use with its
 * tool_result and makes the history start with a user message, as the API requires.
 */
export function selectTurns(turns: readonly StoredTurn[], budget: number): StoredTurn[] {
  let tokens = 0;
  let first = turns.length;
  while (first > 0 && tokens + turns[first - 1]!.tokens <= budget) {
    first -= 1;
    tokens += turns[first]!.tokens;
  }
  return turns.slice(first);
}

/** Flattens turns into the message list of a request. */
export function turnMessages(turns: readonly StoredTurn[]): ModelMessage[] {
  // A plain loop: V8's flatMap took ~325 µs for a full 50k-token window (1,240 messages), this ~50 µs.
  const messages: ModelMessage[] = [];
  for (const turn of turns) for (const message of turn.messages) messages.push(message);
  return messages;
}
