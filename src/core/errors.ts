/** Stable codes adapters map to one short user-facing line. */
export type ParleyErrorCode =
  | 'config'
  | 'model_unavailable'
  | 'model_rejected'
  | 'history_rejected'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'input_too_long'
  | 'empty_input'
  | 'not_allowed'
  | 'store_unavailable'
  | 'tool_loop_limit'
  | 'shutting_down'
  | 'conversation_busy'
  | 'conversation_changed'
  | 'file_refused'
  | 'delivery_failed'
  | 'import_rejected'
  | 'internal';

/** The root of Parley's error tree: a code for the user, a cause for the logs. */
export class ParleyError extends Error {
  constructor(
    readonly code: ParleyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The model API could not answer (rate limit, overload, 5xx, timeout, dropped stream) after retries. */
export class ModelUnavailable extends ParleyError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('model_unavailable', message, options);
  }
}

/** The model API refused the request itself (4xx other than 429): retrying will not help. */
export class ModelRejected extends ParleyError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
    /** The request message the API named as the problem (`messages.N…`), when it named one. */
    readonly messageIndex?: number,
  ) {
    super('model_rejected', message, options);
  }
}

/** The API refused the request as longer than the model's context window (input tokens vs limit). */
export class PromptTooLong extends ModelRejected {
  constructor(
    message: string,
    /** Input tokens the API counted, and the most it takes: both from its error text. */
    readonly tokens: number,
    readonly limit: number,
    options?: { cause?: unknown },
  ) {
    super(message, 400, options);
  }
}

/** The API refused a message of the stored history, not the new one: only a reset can help. */
export class HistoryRejected extends ParleyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('history_rejected', message, options);
  }
}

/** A message too large for the model's context window even with no history at all; nothing is stored. */
export class MessageTooLarge extends ParleyError {
  constructor(
    readonly tokens: number,
    readonly limitTokens: number,
  ) {
    super('input_too_long', `message of about ${tokens} tokens does not fit the ${limitTokens} tokens a message may take`);
  }
}

/** A user sent messages faster than the configured limit. */
export class RateLimited extends ParleyError {
  constructor(readonly retryAfterMs: number, readonly limitPerMinute: number) {
    super('rate_limited', `rate limit of ${limitPerMinute} messages per minute reached`);
  }
}

/** A user spent the configured daily token budget. */
export class BudgetExhausted extends ParleyError {
  /** `dailyCostUsd` is set when the dollar budget (DAILY_COST_BUDGET_USD) is the one reached. */
  constructor(readonly dailyTokens: number, readonly dailyCostUsd?: number) {
    super('budget_exhausted', dailyCostUsd === undefined ? `daily token budget of ${dailyTokens} reached` : `daily cost budget of $${dailyCostUsd} reached`);
  }
}

/** A message longer than the configured limit. */
export class InputTooLong extends ParleyError {
  constructor(readonly limit: number, readonly length: number) {
    super('input_too_long', `message of ${length} characters exceeds the limit of ${limit}`);
  }
}

/** A message with nothing in it (e.g. a bare mention). */
export class EmptyInput extends ParleyError {
  constructor() {
    super('empty_input', 'empty message');
  }
}

/** The sender, channel or workspace is not allowed to use the bot. */
export class NotAllowed extends ParleyError {
  constructor(reason: string) {
    super('not_allowed', reason);
  }
}

/** The conversation store could not be read or written. */
export class StoreUnavailable extends ParleyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
  }
}

/** Another process kept the conversation's turn lease longer than a message may wait. */
export class ConversationBusy extends ParleyError {
  constructor(readonly waitedMs: number) {
    super('conversation_busy', `the conversation stayed busy for ${Math.round(waitedMs / 1000)} s`);
  }
}

/** The conversation changed under a running turn (a reset, or another process's commit): the turn was not stored. */
export class ConversationChanged extends ParleyError {
  constructor() {
    super('conversation_changed', 'the conversation changed while the turn ran; nothing was stored');
  }
}

/** The process is stopping and takes no new turns. */
export class ShuttingDown extends ParleyError {
  constructor() {
    super('shutting_down', 'shutting down');
  }
}

/** The platform refused to show an answer (a post or edit was rejected); the turn itself was kept. */
export class DeliveryFailed extends ParleyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('delivery_failed', message, options);
  }
}

/** A file handed to /import that cannot become the conversation's history; the reason names what and where. */
export class ImportRejected extends ParleyError {
  constructor(readonly reason: string) {
    super('import_rejected', reason);
  }
}

/** One problem per invalid or missing setting. */
export class ConfigError extends ParleyError {
  constructor(readonly issues: string[]) {
    super('config', `invalid configuration:\n${issues.join('\n')}`);
  }
}

/** Wraps anything thrown into a ParleyError, keeping the original as the cause. */
export function asParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ParleyError('internal', message, { cause: error });
}
