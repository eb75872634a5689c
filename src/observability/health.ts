// GET /healthz: liveness, uptime, counters and whether the store answers. No ids, no settings, no secrets.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withinTime, type Metrics } from '../core/index.js';

/** The JSON body of GET /healthz. */
export interface HealthReport {
  /** "ok" when the store answers, "degraded" when it does not (the bot then refuses turns). */
  status: 'ok' | 'degraded';
  uptimeSeconds: number;
  counters: Record<string, number>;
  store: 'ok' | 'error';
}

/** Resolves when the store answers a small read; rejects (or never settles) when it cannot. */
export type StoreCheck = () => Promise<unknown>;

/** A Node/Bolt request handler: `(req, res) => void`, as Bolt's `customRoutes` expect. */
export type HealthHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The path served, for adapters that mount the handler on their own server (Bolt customRoutes). */
export const HEALTH_PATH = '/healthz';

// A probe must answer faster than an orchestrator's probe timeout (Kubernetes defaults to 1 s, most
// load balancers to 2–5 s); a store that takes longer is as good as down for a chat turn.
const STORE_CHECK_TIMEOUT_MS = 900;

/** Builds the GET /healthz handler: 200 when the store answers, 503 when it does not, 404/405 otherwise. */
export function healthRoute(metrics: Metrics, checkStore: StoreCheck, storeTimeoutMs = STORE_CHECK_TIMEOUT_MS): HealthHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== HEALTH_PATH) return send(res, 404, { error: 'not found' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
    void storeAnswers(checkStore, storeTimeoutMs).then((ok) => {
      const report: HealthReport = {
        status: ok ? 'ok' : 'degraded',
        uptimeSeconds: Math.floor(process.uptime()),
        counters: metrics.snapshot(),
        store: ok ? 'ok' : 'error',
      };
      send(res, ok ? 200 : 503, report, {}, req.method === 'HEAD');
    });
  };
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

function storeAnswers(checkStore: StoreCheck, timeoutMs: number): Promise<boolean> {
  return withinTime(checkStore().then(() => true, () => false), timeoutMs, false);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, headOnly = false): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(headOnly ? undefined : json);
}
