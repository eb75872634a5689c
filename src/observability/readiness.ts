// GET /readyz's verdict: every reason the bot cannot serve people right now, checked cheaply.
import { randomUUID } from 'node:crypto';
import { withinTime, type ConversationStore } from '../core/index.js';
import type { ModelRecord } from './model-watch.js';
import type { StoreFileCheck } from './store-file.js';

/** A platform connection as an adapter reports it (the adapters' ConnectionStatus has this shape). */
export interface PlatformStatus {
  connected: boolean;
  /** When `connected` last changed, in ms since the epoch. */
  sinceMs: number;
  /** Set when the platform closed the connection for good: what to fix. */
  fatal?: string;
}

/** One readiness verdict. */
export interface Readiness {
  ready: boolean;
  /** Why not, one line each; empty when ready. Safe to show an unauthenticated probe: no ids, paths or error texts. */
  reasons: string[];
  /** The same with the underlying errors, for the log. */
  details: string[];
  /** Per part: "ok" or "error". */
  checks: Record<string, 'ok' | 'error'>;
}

/** What the readiness check looks at. */
export interface ReadinessSources {
  store: Pick<ConversationStore, 'readRecord' | 'writeRecord'>;
  /** Present for a SQLite store on disk. */
  storeFile?: StoreFileCheck;
  /** Platform connections by name (adapters without a socket, like Slack HTTP mode, have none). */
  platforms?: Record<string, () => PlatformStatus>;
  model?: () => ModelRecord;
}

/** How strict the verdict is; the defaults suit orchestrator probes. */
export interface ReadinessOptions {
  /**
   * A probe must answer faster than an orchestrator's probe timeout (Kubernetes defaults to 1 s, most
   * load balancers to 2–5 s); a store that takes longer is as good as down for a chat turn.
   */
  storeTimeoutMs?: number;
  /** How long a platform may stay disconnected while its library reconnects before it counts as down. */
  reconnectWindowMs?: number;
  /** How long the model must have failed every request (and at least `modelFailures` of them) to count as down. */
  modelFailingMs?: number;
  modelFailures?: number;
  now?: () => number;
}

// discord.js and Socket Mode reconnect within seconds; a minute covers a gateway's RECONNECT storm.
const RECONNECT_WINDOW_MS = 60_000;
// Two minutes of nothing but failures (and at least three) is an outage, not a blip a retry absorbs.
const MODEL_FAILING_MS = 120_000;
const MODEL_FAILURES = 3;
const STORE_TIMEOUT_MS = 900;
// The probe record expires by itself, so it never accumulates in the store.
const PROBE_TTL_MS = 60_000;
const PROBE_RECORD = 'health-probe';

/** Builds the readiness check over `sources`. */
export function createReadiness(sources: ReadinessSources, options: ReadinessOptions = {}): () => Promise<Readiness> {
  const now = options.now ?? Date.now;
  const storeTimeoutMs = options.storeTimeoutMs ?? STORE_TIMEOUT_MS;
  return async () => {
    const reasons: string[] = [];
    const details: string[] = [];
    const checks: Record<string, 'ok' | 'error'> = {};
    const note = (part: string, problem: Problem | string | undefined) => {
      checks[part] = problem ? 'error' : 'ok';
      if (!problem) return;
      const { reason, detail } = typeof problem === 'string' ? { reason: problem, detail: problem } : problem;
      reasons.push(reason);
      details.push(detail);
    };
    const late = `store: no answer to a write and a read within ${storeTimeoutMs} ms`;
    note('store', await withinTime(probeStore(sources.store), storeTimeoutMs, { reason: late, detail: late }));
    if (sources.storeFile) {
      const changed = await sources.storeFile();
      note('storeFile', changed ? { reason: `store: ${changed.what}`, detail: changed.detail } : undefined);
    }
    for (const [name, status] of Object.entries(sources.platforms ?? {})) note(name, platformReason(name, status(), now(), options.reconnectWindowMs ?? RECONNECT_WINDOW_MS));
    if (sources.model) note('model', modelReason(sources.model(), now(), options.modelFailingMs ?? MODEL_FAILING_MS, options.modelFailures ?? MODEL_FAILURES));
    return { ready: reasons.length === 0, reasons, details, checks };
  };
}

// A write then a read of the same small record: a read-only file or a full disk fails the write even
// while reads still work, and the read-back proves the write landed.
async function probeStore(store: ReadinessSources['store']): Promise<Problem | undefined> {
  const nonce = randomUUID();
  try {
    await store.writeRecord(PROBE_RECORD, { nonce }, PROBE_TTL_MS);
  } catch (error) {
    return { reason: 'store: cannot write', detail: `store: cannot write (${messageOf(error)})` };
  }
  try {
    const back = await store.readRecord<{ nonce?: string }>(PROBE_RECORD);
    // Another process sharing the store may have written its own probe in between: that is still a working store.
    return back && typeof back.nonce === 'string' ? undefined : { reason: 'store: read back nothing after a write', detail: 'store: read back nothing after a write' };
  } catch (error) {
    return { reason: 'store: cannot read', detail: `store: cannot read (${messageOf(error)})` };
  }
}

interface Problem {
  reason: string;
  detail: string;
}

function platformReason(name: string, status: PlatformStatus, now: number, windowMs: number): string | undefined {
  if (status.fatal) return `${name}: ${status.fatal}`;
  if (status.connected) return undefined;
  const downMs = now - status.sinceMs;
  return downMs > windowMs ? `${name}: disconnected for ${Math.round(downMs / 1000)} s and not reconnected` : undefined;
}

function modelReason(record: ModelRecord, now: number, failingMs: number, failures: number): string | undefined {
  if (record.failingSinceMs === undefined || record.failuresInARow < failures) return undefined;
  const forMs = now - record.failingSinceMs;
  if (forMs < failingMs) return undefined;
  return `model: every request failed for ${Math.round(forMs / 1000)} s (${record.failuresInARow} in a row; last: ${record.lastError ?? 'unknown'})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
