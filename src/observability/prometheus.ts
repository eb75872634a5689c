// The core's metrics port implemented with prom-client, served as GET /metrics in Prometheus' text format.
import { createRequire } from 'node:module';
import type { Counter, Histogram, Registry } from 'prom-client';
import { createMetrics, type MetricLabels, type Metrics } from '../core/index.js';

// prom-client is CommonJS: require() loads it ~5 ms cheaper at start-up than an ESM import, which runs
// cjs-module-lexer over each of its files (bench/RESULTS.md, "Discord start-up").
const require = createRequire(import.meta.url);
const promClient = require('prom-client') as typeof import('prom-client');

/** Every metric name is `parley_` + the core's name (+ `_total` for counters). */
export const METRIC_PREFIX = 'parley_';

/** How one metric is exposed. Add a row (or a label name) here to give a new metric its help text and labels. */
export interface MetricDefinition {
  type: 'counter' | 'histogram';
  help: string;
  /** The only labels kept; others passed by a caller are dropped, so a new label never breaks a scrape. */
  labelNames?: readonly string[];
  /** Histogram buckets, in the metric's unit (seconds for `_seconds`). */
  buckets?: readonly number[];
}

// Turns take seconds (a model answer), queue waits from nothing to a long answer ahead, store calls
// a fraction of a millisecond on SQLite to tens of ms on a remote database.
const TURN_BUCKETS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128];
const FIRST_TOKEN_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32];
const QUEUE_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/** The metrics Parley exposes, by the core's (or an adapter's) name. */
export const METRIC_DEFINITIONS: Readonly<Record<string, MetricDefinition>> = {
  turns: { type: 'counter', help: 'Turns answered and committed to the store' },
  errors: { type: 'counter', help: 'Messages that ended without an answer, by error code (refusals included)', labelNames: ['code'] },
  tokens: { type: 'counter', help: 'Tokens of committed turns as the API reported them, by kind (input, output, cache_read, cache_write…)', labelNames: ['kind'] },
  tool_calls: { type: 'counter', help: 'Tool calls started, by tool', labelNames: ['tool'] },
  turn_duration_seconds: { type: 'histogram', help: 'Time from a turn starting (after its queue wait) to its commit', buckets: TURN_BUCKETS },
  time_to_first_token_seconds: { type: 'histogram', help: 'Time from a turn starting to the first text of the answer', buckets: FIRST_TOKEN_BUCKETS },
  queue_wait_seconds: { type: 'histogram', help: 'Time a message waited behind earlier messages of its conversation', buckets: QUEUE_BUCKETS },
  recovered_messages: { type: 'counter', help: 'Messages a process that died had acknowledged, taken over by this one, by platform and action (answer, resend)', labelNames: ['platform', 'action'] },
  platform_api_errors: { type: 'counter', help: 'Failed calls to a platform API, by platform and code (HTTP status or Slack error)', labelNames: ['platform', 'code'] },
  platform_rate_limited: { type: 'counter', help: '429 answers from a platform API, by platform', labelNames: ['platform'] },
  store_call_duration_seconds: { type: 'histogram', help: 'Store calls, by operation and outcome', labelNames: ['operation', 'outcome'], buckets: STORE_BUCKETS },
};

/** Metrics that also render themselves for a Prometheus scrape. */
export interface PrometheusMetrics extends Metrics {
  registry: Registry;
  /** The text exposition of every metric, process metrics included. */
  render(): Promise<string>;
  /** The Content-Type of {@link render}'s output. */
  contentType: string;
}

/** Creates the metrics: prom-client's process metrics plus every Parley metric, all prefixed `parley_`. */
export function createPrometheusMetrics(definitions: Readonly<Record<string, MetricDefinition>> = METRIC_DEFINITIONS): PrometheusMetrics {
  const registry = new promClient.Registry();
  // CPU, memory, handles, GC and event-loop lag (parley_nodejs_eventloop_lag_seconds), from the library.
  promClient.collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const counters = new Map<string, { metric: Counter; labelNames: readonly string[] }>();
  const histograms = new Map<string, { metric: Histogram; labelNames: readonly string[] }>();
  const local = createMetrics();

  const counterFor = (name: string, labels: MetricLabels) => {
    let entry = counters.get(name);
    if (!entry) {
      const definition = definitions[name];
      const labelNames = definition?.labelNames ?? Object.keys(labels);
      const metric = new promClient.Counter({ name: `${METRIC_PREFIX}${safeName(name)}_total`, help: definition?.help ?? name, labelNames: [...labelNames], registers: [registry] });
      entry = { metric, labelNames };
      counters.set(name, entry);
    }
    return entry;
  };
  const histogramFor = (name: string, labels: MetricLabels) => {
    let entry = histograms.get(name);
    if (!entry) {
      const definition = definitions[name];
      const labelNames = definition?.labelNames ?? Object.keys(labels);
      const metric = new promClient.Histogram({
        name: `${METRIC_PREFIX}${safeName(name)}`,
        help: definition?.help ?? name,
        labelNames: [...labelNames],
        ...(definition?.buckets ? { buckets: [...definition.buckets] } : {}),
        registers: [registry],
      });
      entry = { metric, labelNames };
      histograms.set(name, entry);
    }
    return entry;
  };
  // Counters and histograms declared up front appear at 0 in the first scrape, so rate() has a start.
  for (const [name, definition] of Object.entries(definitions)) {
    if (definition.type === 'counter' && !definition.labelNames?.length) counterFor(name, {});
    if (definition.type === 'histogram' && !definition.labelNames?.length) histogramFor(name, {});
  }

  return {
    registry,
    contentType: registry.contentType,
    increment(name, by = 1, labels = {}) {
      local.increment(name, by, labels);
      const { metric, labelNames } = counterFor(name, labels);
      metric.inc(pick(labels, labelNames), by);
    },
    observe(name, value, labels = {}) {
      local.observe(name, value, labels);
      const { metric, labelNames } = histogramFor(name, labels);
      metric.observe(pick(labels, labelNames), value);
    },
    snapshot: () => local.snapshot(),
    render: () => registry.metrics(),
  };
}

function pick(labels: MetricLabels, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) if (labels[name] !== undefined) out[name] = labels[name]!;
  return out;
}

function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}
