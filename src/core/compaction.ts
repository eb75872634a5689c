import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { HistoryWindow } from './history-window.js';
import { selectTurns, turnMessages } from './history-window.js';
import type { Logger } from './logger.js';
import type { ModelClient } from './model-client.js';
import { estimateTokens } from './token-estimate.js';
import type { HistorySummary, ModelMessage, StoredTurn, Usage } from './types.js';
import { emptyUsage } from './usage.js';

/** What happens to the oldest turns when the history outgrows its budget. */
export type CompactionMode = 'summary' | 'off';

/** How the core keeps a conversation's window within budget. */
export interface CompactionOptions {
  /** `summary`: a summarising request replaces what leaves; `off`: it leaves without one. */
  mode: CompactionMode;
  /** The model that writes summaries (by default the conversation's own, which reads the request from the cache). */
  summariser?: ModelClient;
}

// When the history outgrows its budget, the newest turns that fit in a quarter of it stay and the
// rest leaves at once, so the next several turns extend one stable, cached prefix. A quarter, not a
// half: every compaction re-writes what stays to the cache at 1.25×. On the 200-turn bench at 6,000
// tokens a quarter read more from the cache than 0.3; at 0.2 the kept prefix sometimes fell under
// the API's 1,024-token minimum and was not cached at all.
export const KEEP_SHARE = 0.25;
// A summary may take at most this share of the budget, so summary + kept turns + the new message
// always fit and the next turn does not compact again at once.
export const SUMMARY_SHARE = 0.25;

/** The request history of one turn, and the compaction the turn made (if it made one). */
export interface PreparedHistory {
  /** The system prompt with the conversation's summary, if it has one. */
  system: string;
  /** The turns the request carries, oldest first. */
  turns: StoredTurn[];
  compaction?: { summary: HistorySummary; usage: Usage };
}

/** Inputs of {@link prepareHistory}. */
export interface PrepareInput {
  window: HistoryWindow;
  userMessage: ModelMessage;
  budget: number;
  systemPrompt: string;
  tools: Tool[];
  options: CompactionOptions;
  model: ModelClient;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Keeps the request prefix byte-identical between compactions: the window (summary + turns since it)
 * grows turn by turn until it and the new message no longer fit the budget; then the oldest turns
 * leave together and a summary takes their place. A failed summary never fails the turn: the turn is
 * answered with the newest turns that fit, and the next turn tries again.
 */
export async function prepareHistory(input: PrepareInput): Promise<PreparedHistory> {
  const { window, budget } = input;
  const summary = window.head?.summary;
  const userTokens = estimateTokens([input.userMessage]);
  const windowTokens = (summary?.tokens ?? 0) + sumTokens(window.turns);
  const first = summary?.throughTurn ?? 0;
  // loadWindow stops at the budget: a window that does not reach back to the summary has outgrown it.
  const complete = window.turns.length === 0 || window.turns[0]!.index === first;
  if (complete && windowTokens + userTokens <= budget) return { system: withSummary(input.systemPrompt, summary), turns: window.turns };

  const kept = selectTurns(window.turns, Math.max(0, budget * KEEP_SHARE - userTokens));
  const throughTurn = kept[0]?.index ?? (window.head?.turns ?? 0);
  if (input.options.mode === 'off') {
    return { system: input.systemPrompt, turns: kept, compaction: { summary: { throughTurn, text: '', tokens: 0 }, usage: emptyUsage() } };
  }
  try {
    const made = await summarise(input, kept.length, Math.floor(budget * SUMMARY_SHARE));
    const next: HistorySummary = { throughTurn, text: made.text, tokens: estimateTokens([{ role: 'user', content: made.text }]) };
    return { system: withSummary(input.systemPrompt, next), turns: kept, compaction: { summary: next, usage: made.usage } };
  } catch (error) {
    input.logger.warn('history.summary_failed', { error });
    const fallback = selectTurns(window.turns, Math.max(0, budget - userTokens - (summary?.tokens ?? 0)));
    return { system: withSummary(input.systemPrompt, summary), turns: fallback };
  }
}

/**
 * The system prompt a conversation's requests carry: the configured one, then the summary of what
 * left the window. In the system prompt rather than a message, so the history still starts with the
 * person's message and alternates as the API requires.
 */
export function withSummary(systemPrompt: string, summary: HistorySummary | undefined): string {
  if (!summary?.text) return systemPrompt;
  return `${systemPrompt}\n\n<conversation_summary>\nThe start of this conversation is no longer shown; this summary stands in for it, and the messages continue from there.\n${summary.text}\n</conversation_summary>`;
}

const SUMMARY_INSTRUCTION = (keptTurns: number) =>
  `[Parley, not the person: the conversation above is about to be shortened. Write a summary that replaces its earlier part: ` +
  `the facts, decisions, numbers, names and open questions someone continuing it must know, including anything from the existing summary that still matters. ` +
  `The last ${keptTurns} exchange(s) stay visible word for word, so you need not repeat them. Plain text, no preamble, no tools.]`;

/**
 * One summarising request. It repeats the previous request's exact prefix (tools, system, history)
 * and only appends the instruction, so with the conversation's own model it reads that prefix from
 * the prompt cache at a tenth of the price; a cheaper model (SUMMARY_MODEL) cannot share that cache.
 */
async function summarise(input: PrepareInput, keptTurns: number, maxTokens: number): Promise<{ text: string; usage: Usage }> {
  const model = input.options.summariser ?? input.model;
  const reply = await model.step(
    {
      system: withSummary(input.systemPrompt, input.window.head?.summary),
      tools: input.tools,
      messages: [...turnMessages(input.window.turns), { role: 'user', content: SUMMARY_INSTRUCTION(keptTurns) }],
    },
    () => undefined,
    input.signal,
  );
  const text = reply.content.map((block) => (block.type === 'text' ? block.text : '')).join('').trim();
  if (!text) throw new Error('the summarising request answered without text');
  // A summary longer than its share would crowd out the turns it is meant to make room for.
  return { text: text.slice(0, maxTokens * 4), usage: reply.usage };
}

function sumTokens(turns: readonly StoredTurn[]): number {
  let tokens = 0;
  for (const turn of turns) tokens += turn.tokens;
  return tokens;
}
