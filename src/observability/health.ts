// The operator's endpoints: GET /livez (the process answers), GET /readyz and /healthz (it can serve
// people: store, platforms, model) and GET /metrics (Prometheus). No ids, no settings, no secrets.
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../core/index.js';
import type { Readiness } from './readiness.js';

/** The JSON body of GET /readyz and GET /healthz. */
export interface HealthReport {
  /** "ok" when ready, "degraded" (with status 503) when not. */
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  counters: Record<string, number>;
  /** Whether the store answered a write and a read-back in time. */
  store: 'ok' | 'error';
  /** Each part checked: store, storeFile, slack, discord, model. */
  checks: Record<string, 'ok' | 'error'>;
  /** Why not ready, one line each. */
  reasons: string[];
}

/** A Node/Bolt request handler: `(req, res) => void`, as Bolt's `customRoutes` expect. */
export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Liveness, for a probe that restarts the process when it fails. */
export const LIVE_PATH = '/livez';
/** Readiness, for a probe that takes the process out of rotation when it fails. */
export const READY_PATH = '/readyz';
/** The original health path, kept as readiness so existing probes keep working. */
export const HEALTH_PATH = '/healthz';
/** The Prometheus scrape path. */
export const METRICS_PATH = '/metrics';
/** Every path served, for a server (Bolt's customRoutes) that mounts them one by one. */
export const OPS_PATHS = [LIVE_PATH, READY_PATH, HEALTH_PATH, METRICS_PATH] as const;

/** What the endpoints read. */
export interface OpsRouteOptions {
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
  /** The Prometheus exposition; without it /metrics answers 404. */
  prometheus?: { render(): Promise<string>; contentType: string };
  /** METRICS_TOKEN: when set, /metrics wants `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** Called with each readiness verdict, so the app can log changes. */
  onVerdict?: (verdict: Readiness) => void;
}

/** Builds the handler serving {@link OPS_PATHS}; 404 elsewhere, 405 for anything but GET and HEAD. */
export function opsRoutes(options: OpsRouteOptions): HealthHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (!(OPS_PATHS as readonly string[]).includes(path ?? '')) return send(res, 404, { error: 'not found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
    const headOnly = req.method === 'HEAD';
    if (path === LIVE_PATH) return send(res, 200, { status: 'ok', uptimeSeconds: Math.floor(process.uptime()) }, {}, headOnly);
    if (path === METRICS_PATH) return void serveMetrics(req, res, options, headOnly);
    void options.readiness().then(
      (verdict) => {
        options.onVerdict?.(verdict);
        send(res, verdict.ready ? 200 : 503, reportOf(verdict, options.metrics), {}, headOnly);
      },
      () => send(res, 503, { status: 'degraded', reasons: ['readiness check failed'] }, {}, headOnly),
    );
  };
}

function reportOf(verdict: Readiness, metrics: Metrics): HealthReport {
  return {
    status: verdict.ready ? 'ok' : 'degraded',
    uptimeSeconds: Math.floor(process.uptime()),
    counters: metrics.snapshot(),
    store: verdict.checks.store === 'error' ? 'error' : 'ok',
    checks: verdict.checks,
    reasons: verdict.reasons,
  };
}

async function serveMetrics(req: IncomingMessage, res: ServerResponse, options: OpsRouteOptions, headOnly: boolean): Promise<void> {
  if (!options.prometheus) return send(res, 404, { error: 'not found' });
  if (options.metricsToken && !bearerMatches(req.headers.authorization, options.metricsToken)) {
    return send(res, 401, { error: 'METRICS_TOKEN: send Authorization: Bearer <token>' }, { 'www-authenticate': 'Bearer realm="parley-metrics"' });
  }
  try {
    const text = await options.prometheus.render();
    res.writeHead(200, { 'content-type': options.prometheus.contentType, 'cache-control': 'no-store' });
    res.end(headOnly ? undefined : text);
  } catch {
    send(res, 500, { error: 'metrics unavailable' });
  }
}

// Constant-time, so the token cannot be guessed a byte at a time from response timings.
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A running health server. */
export interface HealthServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** Serves `handler` on `port` (all interfaces unless `host` is given), for when no Slack HTTP receiver owns the port. */
export async function startHealthServer(port: number, handler: HealthHandler, host?: string): Promise<HealthServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, headOnly = false): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(headOnly ? undefined : json);
}
