// The core's metrics port: it names what it counts and times; an implementation (the in-process set
// below, prom-client in src/observability) decides where the numbers go.
import type { Usage } from './types.js';

/** Labels of one observation, e.g. `{ code: 'rate_limited' }`; values should come from small, fixed sets. */
export type MetricLabels = Readonly<Record<string, string>>;

/** Metric names the core records; adapters and the guard may add their own. */
export const Metric = {
  /** Turns committed to the store. */
  turns: 'turns',
  /** Tokens of committed turns, labelled by `kind` (input, output, and each kind the API reports). */
  tokens: 'tokens',
  /** Tool calls started, in committed and failed turns alike, labelled by `tool`. */
  toolCalls: 'tool_calls',
  /** Messages that ended in an error (refusals included), labelled by `code`. */
  errors: 'errors',
  /** Seconds from a turn starting (after its queue wait) to its commit. */
  turnSeconds: 'turn_duration_seconds',
  /** Seconds from a turn starting to the first text delta. */
  firstTokenSeconds: 'time_to_first_token_seconds',
  /** Seconds a message waited behind earlier messages of its conversation. */
  queueWaitSeconds: 'queue_wait_seconds',
  /** Messages a process that died had acknowledged, taken by this one, labelled by `platform` and `action` (answer, resend). */
  recoveredMessages: 'recovered_messages',
} as const;

/** @deprecated Use {@link Metric}: the same names, with labels instead of dotted suffixes. */
export const Counter = Metric;

/** Where the core's counts and timings go. */
export interface Metrics {
  /** Adds `by` (default 1) to a counter, creating it at 0. */
  increment(name: string, by?: number, labels?: MetricLabels): void;
  /** Records one observation of a distribution (a duration in seconds). */
  observe(name: string, value: number, labels?: MetricLabels): void;
  /**
   * Every counter as `name` (the total) and `name.<label value>` (per value), plus `name.count` and
   * `name.sum` per distribution; names sorted. Read by /healthz.
   */
  snapshot(): Record<string, number>;
}

/** Creates an in-process metrics set: totals and per-label-value counts, read through snapshot(). */
export function createMetrics(): Metrics {
  const counters = new Map<string, number>();
  const add = (name: string, by: number) => counters.set(name, (counters.get(name) ?? 0) + by);
  return {
    increment(name, by = 1, labels = {}) {
      add(name, by);
      for (const value of Object.values(labels)) add(`${name}.${value}`, by);
    },
    observe(name, value) {
      add(`${name}.count`, 1);
      add(`${name}.sum`, value);
    },
    snapshot: () => Object.fromEntries([...counters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/**
 * Counts a turn's usage by kind: every numeric `…Tokens` field of Usage becomes a `kind` label
 * (inputTokens → input, cacheReadTokens → cache_read), so a kind the usage type gains is counted
 * without touching this code.
 */
export function countUsage(metrics: Metrics, usage: Usage): void {
  for (const [field, value] of Object.entries(usage)) {
    if (typeof value !== 'number' || !field.endsWith('Tokens')) continue;
    metrics.increment(Metric.tokens, value, { kind: snakeCase(field.slice(0, -'Tokens'.length)) });
  }
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Seconds since a performance.now() reading, for the duration metrics: monotonic, unlike the injectable wall clock. */
export const secondsSince = (tick: number): number => (performance.now() - tick) / 1000;
