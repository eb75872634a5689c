// The end of a turn: the turn as it is stored, the last guard before it is, the fenced commit, and
// what a committed turn leaves behind (the window cache, the record later edits find it by, the log
// line, metrics and the usage ledger). Kept apart from the model loop so each reads at once.
import type { PreparedHistory } from './compaction.js';
import { nextHead } from './conversation-head.js';
import { userScopeId, type ConversationKey } from './conversation-key.js';
import { revisionOf, type ConversationStore } from './conversation-store.js';
import { ConversationChanged, ParleyError } from './errors.js';
import { turnProblems } from './history-rules.js';
import type { HistoryWindow } from './history-window.js';
import type { Logger } from './logger.js';
import { sourceRecord } from './message-amend.js';
import { Metric, countUsage, secondsSince, type Metrics } from './metrics.js';
import { storeCall } from './store-call.js';
import { estimateTokens } from './token-estimate.js';
import type { ToolLoopOutput } from './tool-loop.js';
import type { IncomingMessage, StoredTurn, TurnResult } from './types.js';
import type { UsageLedger } from './usage-ledger.js';
import { addUsage } from './usage.js';
import type { UserInput } from './user-content.js';
import type { WindowCache } from './window-cache.js';

/** What committing needs from the Parley that ran the turn. */
export interface TurnCommitDeps {
  store: ConversationStore;
  cache: WindowCache;
  ledger: UsageLedger;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
}

/** A turn the model has answered, with what it was built on. */
export interface AnsweredTurn {
  key: ConversationKey;
  message: IncomingMessage;
  input: UserInput;
  /** The window the turn was built on: its head is what the fenced commit expects to find. */
  window: HistoryWindow;
  prepared: PreparedHistory;
  answer: ToolLoopOutput;
  startedAt: Date;
  /** performance.now() at the start, for the turn-time metric. */
  startedTick: number;
}

/**
 * Stores the turn if the conversation's head is still the one it was built on, then records it
 * everywhere else. Throws ConversationChanged when another turn (or a /reset) got there first.
 */
export async function commitTurn(deps: TurnCommitDeps, answered: AnsweredTurn): Promise<TurnResult> {
  const { key, message, window, prepared } = answered;
  // A compaction's summarising request is part of what this turn cost.
  const result = prepared.compaction ? { ...answered.answer.result, usage: addUsage(answered.answer.result.usage, prepared.compaction.usage) } : answered.answer.result;
  const turn = storedTurn(answered, result);
  // The last guard: a turn the API would refuse is never stored, whatever reply produced it.
  const problems = turnProblems(turn.messages);
  if (problems.length > 0) throw new ParleyError('internal', `refusing to store an invalid turn: ${problems.join('; ')}`);
  const head = nextHead(window.head, turn, message.address.userId, deps.now());
  // Where a later deletion or edit finds the turn, written with it: one store call (statement) less a turn.
  const records = message.sourceId ? [{ name: sourceRecord(message.sourceId), value: { key, index: turn.index } }] : [];
  if (!(await storeCall('save the turn', () => deps.store.commitTurn(key, turn, head, revisionOf(window.head), records)))) {
    deps.cache.delete(key);
    throw new ConversationChanged();
  }
  // Not trimmed: the next turn must see this window whole to keep its prefix (prepareHistory trims in blocks).
  deps.cache.set(key, { head, turns: [...(prepared.compaction ? prepared.turns : window.turns), turn] });
  report(deps, answered, turn, result);
  // The turn is committed: a ledger that cannot be written costs a budget entry, not the answer.
  await deps.ledger.add(userScopeId(key, message.address.userId), result.usage).catch((error: unknown) => deps.logger.warn('usage.record_failed', { error }));
  return { ...result, turnIndex: turn.index };
}

function storedTurn(answered: AnsweredTurn, result: TurnResult): StoredTurn {
  const { message, input, window, prepared } = answered;
  const { messages, tokens } = answered.answer;
  return {
    index: window.head?.turns ?? 0,
    at: answered.startedAt.toISOString(),
    authorId: message.address.userId,
    messages,
    usage: result.usage,
    ...(tokens === undefined ? { tokens: estimateTokens(messages) } : { tokens, tokensMeasured: true }),
    ...(input.attachments.length > 0 ? { attachments: input.attachments, fileBytes: input.fileBytes } : {}),
    ...(message.sourceId ? { sourceId: message.sourceId } : {}),
    ...(prepared.compaction ? { compaction: prepared.compaction } : {}),
  };
}

function report(deps: TurnCommitDeps, answered: AnsweredTurn, turn: StoredTurn, result: TurnResult): void {
  deps.logger.info('turn.committed', {
    conversation: deps.logger.pseudonym(answered.key),
    turn: turn.index,
    steps: result.steps,
    toolCalls: result.toolCalls,
    inputTokens: result.usage.inputTokens,
    cacheWriteTokens: result.usage.cacheWriteTokens,
    cacheReadTokens: result.usage.cacheReadTokens,
    outputTokens: result.usage.outputTokens,
    ms: deps.now().getTime() - answered.startedAt.getTime(),
  });
  deps.metrics.increment(Metric.turns);
  countUsage(deps.metrics, result.usage);
  deps.metrics.observe(Metric.turnSeconds, secondsSince(answered.startedTick));
}
