// Whether the model has been failing every request for a while: a readiness reason, because a bot
// whose every answer is an apology is not ready, even though the process answers.
import type { ModelClient } from '../core/index.js';

/** The model's recent record, as the readiness check reads it. */
export interface ModelRecord {
  /** Failures in a row since the last success. */
  failuresInARow: number;
  /** When the first of those failures happened (ms since the epoch), if any. */
  failingSinceMs?: number;
  /** The last failure's message, for the readiness reason. */
  lastError?: string;
}

/** A ModelClient that records its outcomes, and the record. */
export interface WatchedModel {
  client: ModelClient;
  record(): ModelRecord;
}

/** Wraps `model` so that every request's outcome is recorded; requests cancelled by the caller do not count. */
export function watchModel(model: ModelClient, now: () => number = Date.now): WatchedModel {
  let record: ModelRecord = { failuresInARow: 0 };
  return {
    // Spread first, so methods the model client gains later pass through untouched.
    client: {
      ...model,
      async step(request, onText, signal) {
        try {
          const reply = await model.step(request, onText, signal);
          record = { failuresInARow: 0 };
          return reply;
        } catch (error) {
          if (!signal?.aborted) {
            record = {
              failuresInARow: record.failuresInARow + 1,
              failingSinceMs: record.failingSinceMs ?? now(),
              lastError: error instanceof Error ? error.message : String(error),
            };
          }
          throw error;
        }
      },
    },
    record: () => ({ ...record }),
  };
}
