// The operator's side of a running app: start-up checks, metrics, readiness and the HTTP routes
// that serve them. app.ts calls these; each piece lives in src/observability or src/startup.
import type { HttpRoute, PlatformAdapter } from './adapters/platform-adapter.js';
import type { Config } from './config/schema.js';
import { type ConversationStore, type Logger, type ModelClient, type ModelFetch } from './core/index.js';
import { OPS_PATHS, opsRoutes, startHealthServer, type HealthHandler, type HealthServer } from './observability/health.js';
import { watchModel, type WatchedModel } from './observability/model-watch.js';
import { createPrometheusMetrics, type PrometheusMetrics } from './observability/prometheus.js';
import { createReadiness, type PlatformStatus, type Readiness } from './observability/readiness.js';
import { sqliteFileOf, watchStoreFile } from './observability/store-file.js';
import { timeStore } from './observability/timed-store.js';
import { listenError } from './adapters/shared/listen-error.js';
import { checkModel } from './startup/model-check.js';

/** The operator's view of one app. */
export interface Operations {
  metrics: PrometheusMetrics;
  /** The store, timed into the store-call histogram. */
  store: ConversationStore;
  /** GET /livez, /readyz, /healthz and /metrics, for whichever server owns PORT. */
  handler: HealthHandler;
  /** The same handler once per path, as Bolt's customRoutes want them. */
  routes: HttpRoute[];
  /** Wraps the model client so readiness knows when it fails every request. */
  watch(model: ModelClient): ModelClient;
  /** Tells readiness which platform connections to watch; call once the adapters exist. */
  watchAdapters(adapters: readonly PlatformAdapter[]): void;
}

/** Sets up metrics, the timed store and readiness over an opened store. */
export async function prepareOperations(config: Config, opened: ConversationStore, logger: Logger): Promise<Operations> {
  const metrics = createPrometheusMetrics();
  const store = timeStore(opened, metrics);
  const file = sqliteFileOf(config.STORE_URL);
  const storeFile = file ? await watchStoreFile(file) : undefined;
  let model: WatchedModel | undefined;
  const platforms: Record<string, () => PlatformStatus> = {};
  const readiness = createReadiness({
    store,
    ...(storeFile ? { storeFile } : {}),
    platforms,
    model: () => model?.record() ?? { failuresInARow: 0 },
  });
  const handler = opsRoutes({
    metrics,
    readiness,
    prometheus: metrics,
    ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}),
    onVerdict: logChanges(logger),
  });
  return {
    metrics,
    store,
    handler,
    routes: OPS_PATHS.map((path) => ({ path, handler })),
    watch(client) {
      model = watchModel(client);
      return model.client;
    },
    watchAdapters(adapters) {
      for (const adapter of adapters) if (adapter.status) platforms[adapter.name] = adapter.status.bind(adapter);
    },
  };
}

// One line when readiness changes, not one per probe: probes come every few seconds.
function logChanges(logger: Logger): (verdict: Readiness) => void {
  let last = '';
  return (verdict) => {
    const now = verdict.details.join('\n');
    if (now === last) return;
    last = now;
    if (verdict.ready) logger.info('health.ready');
    else logger.error('health.not_ready', { reasons: verdict.details });
  };
}

/** Runs the model start-up check unless STARTUP_CHECKS=false; a warning (5xx, 429) is logged and start-up goes on. */
export async function checkModelSettings(config: Config, logger: Logger, fetch?: ModelFetch): Promise<{ id: string; displayName?: string } | undefined> {
  if (!config.STARTUP_CHECKS) return undefined;
  const { model, warning } = await checkModel({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    model: config.ANTHROPIC_MODEL,
    ...(fetch ? { fetch } : {}),
  });
  if (warning) logger.warn('startup.model_check', { warning });
  return model;
}

/**
 * Serves the operator routes on PORT/HOST when no Slack HTTP receiver owns the port: always with a
 * platform, and in the terminal chat only when PORT is set (a local chat should not hold a port by
 * default). A port in use stops start-up naming PORT, like every other start-up problem.
 */
export async function serveOperations(config: Config, platforms: boolean, handler: HealthHandler, defaultPort: number): Promise<HealthServer | undefined> {
  const slackHttp = Boolean(config.SLACK_BOT_TOKEN && config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN);
  if (slackHttp || (!platforms && config.PORT === undefined)) return undefined;
  const port = config.PORT ?? defaultPort;
  try {
    return await startHealthServer(port, handler, config.HOST);
  } catch (error) {
    throw listenError(error, port, config.HOST);
  }
}
