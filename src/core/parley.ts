import { setMaxListeners } from 'node:events';
import { createConversationAdmin } from './conversation-admin.js';
import type { ImportResult } from './conversation-import.js';
import type { ConversationKey } from './conversation-key.js';
import { ConversationLocks, type LeaseSettings } from './conversation-locks.js';
import type { ConversationStore } from './conversation-store.js';
import type { Coordination } from './coordination.js';
import { ShuttingDown, asParleyError, type ParleyErrorCode } from './errors.js';
import { DeliveryClaims } from './event-dedupe.js';
import { EventQueue } from './event-queue.js';
import { checkedKey } from './incoming-message.js';
import { createMessageAmender } from './message-amend.js';
import { historyWithinFileBudget } from './file-budget.js';
import { loadWindow, type HistoryWindow } from './history-window.js';
import { PendingMessages, type PendingHandler, type PendingHold, type PendingSettings } from './pending-messages.js';
import { silentLogger, type Logger } from './logger.js';
import { Metric, createMetrics, secondsSince, type Metrics } from './metrics.js';
import type { ModelClient } from './model-client.js';
import { DEFAULT_MODEL_LIMITS, assertMessageFits, historyBudget, recoveryTurns } from './request-budget.js';
import { estimateFixedTokens, estimateTokens } from './token-estimate.js';
import { withinTime } from './time-limit.js';
import { runToolLoop, toolDefinitions, type ParleyTool } from './tool-loop.js';
import { commitTurn, type TurnCommitDeps } from './turn-commit.js';
import { TurnSlots } from './turn-slots.js';
import type { ConversationExport, IncomingMessage, MessageChange, StoredTurn, TurnEvent, TurnResult } from './types.js';
import { userInput, type UserInput } from './user-content.js';
import { recoveredNote } from './user-messages.js';
import { UsageLedger } from './usage-ledger.js';
import { createUsageReport, type UsageReport } from './usage-report.js';
import { emptyUsage } from './usage.js';
import { prepareHistory, type CompactionOptions } from './compaction.js';
import { WindowCache, currentWindow } from './window-cache.js';

/** Checks run before a turn is queued (allow-lists, rate limits, budgets); throw a ParleyError to refuse. */
export interface TurnGuard {
  /** Called before the turn; throws to refuse it. */
  admit(message: IncomingMessage): Promise<void>;
  /** Called after a committed turn with the tokens it used. */
  record(message: IncomingMessage, result: TurnResult): Promise<void>;
}

/** Everything the core needs, built by the caller (main.ts or a test). */
export interface ParleyOptions {
  store: ConversationStore;
  /** Leases, claims and counters shared with every other process on the store. */
  coordination: Coordination;
  /** Timings of the per-conversation turn lease. */
  leases?: LeaseSettings;
  /** How old a message a dead process held may be and still be answered (its owner's lease uses `leases.ttlMs`). */
  pending?: Pick<PendingSettings, 'maxAgeMs'>;
  model: ModelClient;
  tools?: readonly ParleyTool[];
  systemPrompt: string;
  historyTokenBudget: number;
  maxToolSteps?: number;
  maxInputChars?: number;
  /** Conversations whose recent history stays in memory between turns. */
  cacheSize?: number;
  /** Turns running at once across all conversations (MAX_CONCURRENT_TURNS); 0 = no bound. */
  maxConcurrentTurns?: number;
  guard?: TurnGuard;
  /** Counters for turns, tokens, tool calls and errors (the health endpoint reads them); one is made when absent. */
  metrics?: Metrics;
  /** What happens when a history outgrows `historyTokenBudget` (default: summarised by the conversation's model). */
  compaction?: CompactionOptions;
  /** Per-person usage by UTC day and month; one on `coordination` is made when absent. */
  ledger?: UsageLedger;
  logger?: Logger;
  now?: () => Date;
}

/** The core's surface for adapters. */
export interface Parley {
  /** Answers a message, yielding progress events; throws a ParleyError the adapter turns into a reply. */
  stream(message: IncomingMessage, signal?: AbortSignal): AsyncIterable<TurnEvent>;
  /** Answers a message and resolves with the result. */
  send(message: IncomingMessage, signal?: AbortSignal): Promise<TurnResult>;
  /** Deletes a conversation the requester took part in; false when there is none of theirs. */
  reset(key: ConversationKey, requesterId: string): Promise<boolean>;
  /** The conversation's export, or undefined when the requester has none there. */
  exportConversation(key: ConversationKey, requesterId: string): Promise<ConversationExport | undefined>;
  /**
   * Makes an export (conversation.json) the history of an empty conversation of the requester's; throws an
   * ImportRejected naming the problem (not empty, not an export, message 14 invalid…) with nothing stored.
   */
  importConversation(key: ConversationKey, requesterId: string, exportJson: string): Promise<ImportResult>;
  /** /usage: the requester's usage today and this month, and this conversation's if they took part in it. */
  usage(key: ConversationKey, requesterId: string): Promise<UsageReport>;
  /**
   * True the first time a platform delivery id is seen by any process on the store; false for a
   * redelivery. Several ids of one delivery are claimed in one store call: new only if none was seen.
   */
  firstDelivery(id: string | readonly string[]): Promise<boolean>;
  /**
   * Records a message about to be acknowledged to its platform (`id`: its delivery id; `payload`: JSON the
   * adapter needs to answer it again), so that if this process dies first another one answers it. Settle the
   * hold once the person has an answer or was told why not. Never rejects: a record the store cannot take is
   * logged (`pending.record_failed`) and the message is answered anyway, since that store will most likely
   * give the person the store notice.
   */
  holdPending(platform: string, id: string, payload: unknown): Promise<PendingHold>;
  /**
   * Answers, through `handler`, the messages of `platform` that processes which died had held: checked
   * now and every third of the lease TTL until close(); each is taken by one process only.
   */
  resumePending<P>(platform: string, handler: PendingHandler<P>): void;
  /**
   * Applies a person's deletion or edit of a message already answered, found by its
   * {@link IncomingMessage.sourceId}; false when no stored turn answers that message (or it is not theirs).
   */
  amendMessage(sourceId: string, change: MessageChange): Promise<boolean>;
  /**
   * Stops taking turns, waits up to `graceMs` (default: as long as they take) for running ones, aborts
   * what is still running (an aborted turn is not stored and fails with ShuttingDown), closes the store.
   */
  close(graceMs?: number): Promise<void>;
}

// Defaults sized for chat: 8 tool rounds answer any sensible calculation chain, 1,000 cached
// windows keep memory to a few MB, and 20,000 characters is far beyond a typed message.
const DEFAULT_MAX_TOOL_STEPS = 8;
const DEFAULT_CACHE_SIZE = 1000;
const DEFAULT_MAX_INPUT_CHARS = 20_000;

/** Creates the core. */
export function createParley(options: ParleyOptions): Parley {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const queue = new ConversationLocks(options.coordination, logger, options.leases);
  const cache = new WindowCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  const slots = new TurnSlots(options.maxConcurrentTurns ?? 0);
  const maxInputChars = options.maxInputChars ?? DEFAULT_MAX_INPUT_CHARS;
  const metrics = options.metrics ?? createMetrics();
  const ledger = options.ledger ?? new UsageLedger(options.coordination, now);
  const pending = new PendingMessages(options.store, options.coordination, logger, {
    ...options.pending,
    metrics,
    ...(options.leases?.ttlMs !== undefined ? { ownerTtlMs: options.leases.ttlMs } : {}),
  });
  // Aborted by close() when the grace period ends: every running model request and tool sees it.
  const shutdown = new AbortController();
  // Every running model request listens to it (and stops listening when done): many at once is normal.
  setMaxListeners(0, shutdown.signal);
  let closing = false;

  const tools = options.tools ?? [];
  const fixedTokens = estimateFixedTokens(options.systemPrompt, tools.map(({ name, description, input_schema }) => ({ name, description, input_schema })));
  const budget = historyBudget(options.historyTokenBudget, options.model.limits ?? DEFAULT_MODEL_LIMITS, fixedTokens);

  const committing: TurnCommitDeps = { store: options.store, cache, ledger, logger, metrics, now };
  const windowFor = (key: ConversationKey): Promise<HistoryWindow> =>
    currentWindow(cache, key, options.store, () => loadWindow(options.store, key, budget));

  const runTurn = async (key: ConversationKey, message: IncomingMessage, input: UserInput, emit: (event: TurnEvent) => void, signal?: AbortSignal, checked?: Promise<HistoryWindow>) => {
    if (shutdown.signal.aborted) throw new ShuttingDown();
    const startedAt = now();
    const startedTick = performance.now();
    let firstText = true;
    emit({ type: 'started' });
    const window = await (checked ?? windowFor(key));
    const stored = message.recovered && message.sourceId ? window.turns.find((turn) => turn.sourceId === message.sourceId) : undefined;
    if (stored) return shownAgain(stored, emit);
    const userMessage = input.message;
    const userTokens = estimateTokens([userMessage]);
    assertMessageFits(userTokens, budget);
    const turnSignal = signal ? AbortSignal.any([signal, shutdown.signal]) : shutdown.signal;
    const prepared = await prepareHistory({
      window,
      userMessage,
      budget: budget.soft,
      hardBudget: budget.hard,
      systemPrompt: options.systemPrompt,
      tools: toolDefinitions(tools),
      options: options.compaction ?? { mode: 'summary' },
      model: options.model,
      logger,
      signal: turnSignal,
    });
    let sent = prepared.turns;
    const answer = await runToolLoop({
      model: options.model,
      tools,
      system: prepared.system,
      history: historyWithinFileBudget(sent, input.fileBytes),
      shorten: (error) => {
        const estimate = fixedTokens + userTokens + sent.reduce((sum, turn) => sum + turn.tokens, 0);
        sent = recoveryTurns(sent, error, estimate, budget);
        logger.warn('turn.prompt_too_long', { conversation: logger.pseudonym(key), tokens: error.tokens, limit: error.limit, turnsKept: sent.length });
        return historyWithinFileBudget(sent, input.fileBytes);
      },
      userMessage,
      maxSteps: options.maxToolSteps ?? DEFAULT_MAX_TOOL_STEPS,
      emit: (event) => {
        if (event.type === 'tool_started') metrics.increment(Metric.toolCalls, 1, { tool: event.name });
        if (event.type === 'text' && firstText) {
          firstText = false;
          metrics.observe(Metric.firstTokenSeconds, secondsSince(startedTick));
        }
        emit(event);
      },
      signal: turnSignal,
    });
    return commitTurn(committing, { key, message, input, window, prepared, answer, startedAt, startedTick });
  };

  const stream = (message: IncomingMessage, signal?: AbortSignal): AsyncIterable<TurnEvent> => {
    const events = new EventQueue<TurnEvent>();
    const fail = (error: unknown) => {
      const parleyError = asParleyError(error);
      metrics.increment(Metric.errors, 1, { code: parleyError.code });
      events.end(parleyError);
    };
    let input: UserInput;
    let key: ConversationKey;
    try {
      key = checkedKey(message, maxInputChars, closing);
      input = userInput(message);
    } catch (error) {
      fail(error);
      return events;
    }
    // Queued before the guard runs, so arrival order holds even when admission checks take unequal time.
    const queuedTick = performance.now();
    queue
      .run(key, async () => {
        metrics.observe(Metric.queueWaitSeconds, secondsSince(queuedTick));
        // The lease is held, so no commit can come between the head check of a cached window and this
        // turn's: the check goes out with the guard's admission (its counters), sharing one round trip
        // on Redis and running beside it on PostgreSQL. Only for a cached window: a refused message
        // then wastes one small read, never a history load.
        const checked = cache.get(key) ? windowFor(key) : undefined;
        checked?.catch(() => undefined);
        await options.guard?.admit(message);
        return slots.run(() => runTurn(key, message, input, (event) => events.push(event), signal, checked));
      })
      .then(async (result) => {
        await options.guard?.record(message, result).catch((error: unknown) => logger.warn('guard.record_failed', { error }));
        if (message.recovered) events.push({ type: 'note', text: recoveredNote(new Date(message.recovered.receivedAt)) });
        events.push({ type: 'done', result });
        events.end();
      })
      .catch((error: unknown) => {
        // A turn cut short by shutdown tells the user to send again, whatever the abort surfaced as.
        const parleyError = shutdown.signal.aborted ? new ShuttingDown() : asParleyError(error);
        // A refusal of the user's own input is routine; only failures on our side are warnings.
        const level = USER_ERROR_CODES.has(parleyError.code) ? 'info' : 'warn';
        logger[level]('turn.failed', { conversation: logger.pseudonym(key), code: parleyError.code, error: parleyError });
        fail(parleyError);
      });
    return events;
  };

  const send = async (message: IncomingMessage, signal?: AbortSignal): Promise<TurnResult> => {
    for await (const event of stream(message, signal)) if (event.type === 'done') return event.result;
    throw new Error('turn ended without a result');
  };

  const deliveries = new DeliveryClaims(options.coordination, logger);
  return {
    stream,
    send,
    firstDelivery: (id) => deliveries.firstSeen(id),
    holdPending: (platform, id, payload) =>
      pending.hold(platform, id, payload).catch((error: unknown): PendingHold => {
        logger.warn('pending.record_failed', { platform, error });
        return { settle: async () => undefined };
      }),
    resumePending: (platform, handler) => pending.handle(platform, handler),
    ...createConversationAdmin({ store: options.store, queue, cache, logger, now }),
    usage: createUsageReport(options.store, ledger),
    amendMessage: createMessageAmender({ store: options.store, queue, cache, logger, now }),
    close: async (graceMs) => {
      closing = true;
      if (!(await withinTime(settled(queue.drain()), graceMs, false))) {
        logger.warn('parley.abandoning_turns', { graceMs, conversations: queue.activeKeys });
        shutdown.abort();
        // An aborted request rejects at once; this bounds a tool that ignores the signal.
        await withinTime(settled(queue.drain()), ABORT_SETTLE_MS, false);
      }
      await pending.close();
      await options.coordination.close();
      await options.store.close();
    },
  };
}

// Refusals caused by the message itself, logged at info rather than warn.
const USER_ERROR_CODES = new Set<ParleyErrorCode>(['empty_input', 'input_too_long', 'rate_limited', 'budget_exhausted', 'not_allowed', 'file_refused']);
// After the grace period, time allowed for aborted turns to unwind before the store closes under them.
const ABORT_SETTLE_MS = 1_000;

/**
 * A turn committed by a process that died before its reply was shown in full: its answer, shown again
 * instead of asking the model a second time (which would also store the exchange twice).
 */
function shownAgain(turn: StoredTurn, emit: (event: TurnEvent) => void): TurnResult {
  const text = answerText(turn);
  emit({ type: 'text', delta: text });
  return { text, usage: emptyUsage(), steps: 0, toolCalls: 0, stoppedAtStepLimit: false, turnIndex: turn.index };
}

/** The text of a stored turn's last assistant message. */
function answerText(turn: StoredTurn): string {
  const last = turn.messages.findLast((message) => message.role === 'assistant');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

/** Resolves true once `work` settles, fulfilled or not. */
const settled = (work: Promise<unknown>): Promise<boolean> => work.then(() => true, () => true);



