/** Counter names the core increments; adapters and the guard may add their own. */
export const Counter = {
  /** Turns committed to the store. */
  turns: 'turns',
  /** Uncached input tokens of committed turns (neither read from nor written to the prompt cache). */
  inputTokens: 'tokens.input',
  /** Input tokens written to the prompt cache. */
  cacheWriteTokens: 'tokens.cache_write',
  /** Input tokens read from the prompt cache. */
  cacheReadTokens: 'tokens.cache_read',
  /** Output tokens of committed turns. */
  outputTokens: 'tokens.output',
  /** Tool calls started, in committed and failed turns alike. */
  toolCalls: 'tool_calls',
  /** Messages that ended in an error (refusals included); `errors.<code>` splits them by code. */
  errors: 'errors',
} as const;

/** A tiny in-process counter set, read by the health endpoint. */
export interface Metrics {
  /** Adds `by` (default 1) to a counter, creating it at 0. */
  increment(name: string, by?: number): void;
  /** A copy of every counter, names sorted. */
  snapshot(): Record<string, number>;
}

/** Creates an empty counter set. */
export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  return {
    increment(name, by = 1) {
      counters.set(name, (counters.get(name) ?? 0) + by);
    },
    snapshot: () => Object.fromEntries([...counters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}
