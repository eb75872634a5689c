import { MessageTooLarge, type PromptTooLong } from './errors.js';
import type { ModelLimits } from './model-client.js';
import type { StoredTurn } from './types.js';

/** Tokens the history and the new message may take together in one request. */
export interface HistoryBudget {
  /** HISTORY_TOKEN_BUDGET, capped so a request always fits: older turns stop here. */
  soft: number;
  /** The window less the answer's room, the system prompt and tools, and a margin: nothing may pass it. */
  hard: number;
}

// For a client that does not report its limits: the smallest window of a current model, and room
// for a long answer.
export const DEFAULT_MODEL_LIMITS: ModelLimits = { contextTokens: 100_000, maxOutputTokens: 4_096 };
// Stored turn sizes are the API's counts, but the new message and the system prompt are estimates and
// a turn's framing is approximate: 1 % of the window (at least 256 tokens) absorbs that.
const MARGIN_SHARE = 0.01;
const MIN_MARGIN = 256;
// After a `prompt is too long`, the history is cut to this share of what the API said would fit,
// scaled by how far the stored sizes were off, so the one retry does not fail the same way.
const RECOVERY_SHARE = 0.9;

/** The history budget of every request, from HISTORY_TOKEN_BUDGET, the model's limits and the fixed part. */
export function historyBudget(configured: number, limits: ModelLimits, fixedTokens: number): HistoryBudget {
  const margin = Math.max(MIN_MARGIN, Math.ceil(limits.contextTokens * MARGIN_SHARE));
  const hard = Math.max(0, limits.contextTokens - limits.maxOutputTokens - fixedTokens - margin);
  return { soft: Math.min(configured, hard), hard };
}

/** Refuses a message that cannot fit a request even with no history (nothing is sent or stored). */
export function assertMessageFits(messageTokens: number, budget: HistoryBudget): void {
  if (messageTokens > budget.hard) throw new MessageTooLarge(messageTokens, budget.hard);
}

/**
 * The newest whole turns within `soft` tokens. The newest turn is kept even past `soft` when it fits
 * `hard`, so one long exchange does not leave the next request with no history at all. Whole turns
 * only: a tool_use always travels with its tool_result, and the history starts with a user message.
 */
export function selectTurns(turns: readonly StoredTurn[], soft: number, hard = soft): StoredTurn[] {
  let tokens = 0;
  let first = turns.length;
  while (first > 0) {
    const size = turns[first - 1]!.tokens;
    if (tokens + size > (first === turns.length ? Math.max(soft, hard) : soft)) break;
    first -= 1;
    tokens += size;
  }
  return turns.slice(first);
}

/**
 * The history to retry with after the API refused a request as too long: the oldest turns dropped until
 * the stored sizes, scaled by how far off they were, fit. Throws MessageTooLarge when no history is left.
 */
export function recoveryTurns(turns: readonly StoredTurn[], error: PromptTooLong, requestEstimate: number, budget: HistoryBudget): StoredTurn[] {
  if (turns.length === 0) throw new MessageTooLarge(error.tokens, budget.hard);
  let tokens = turns.reduce((sum, turn) => sum + turn.tokens, 0);
  const target = tokens - (requestEstimate - (requestEstimate * error.limit * RECOVERY_SHARE) / error.tokens);
  let first = 0;
  while (first < turns.length && tokens > target) tokens -= turns[first++]!.tokens;
  return turns.slice(first);
}
