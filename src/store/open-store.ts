import Keyv from 'keyv';
import { ConfigError, StoreUnavailable, withinTime, type ConversationStore, type Coordination } from '../core/index.js';
import { createKeyvConversationStore } from './keyv-conversation-store.js';
import { createMemoryCoordination } from './memory-coordination.js';
import { sqliteFencedCommit, openSqlite } from './sqlite-store.js';
import { createSqliteCoordination, createSqliteCoordinationTables } from './sqlite-coordination.js';
import { StoreResponsiveness, timeLimited, STORE_CALL_TIMEOUT_MS } from './time-limited.js';

/** Both ports over one connection: histories, and the coordination several processes share. */
export interface Store {
  conversations: ConversationStore;
  coordination: Coordination;
  /** Stops background work and closes the connection. */
  close(): Promise<void>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** The clock of memory:// and sqlite:// coordination (tests move it by hand); Redis and PostgreSQL use the server's. */
  now?: () => number;
  /** Connection errors after start-up (a dropped Redis or PostgreSQL connection being retried). */
  onError?: (error: unknown) => void;
  /** The time limit of every store call (default {@link STORE_CALL_TIMEOUT_MS}). */
  callTimeoutMs?: number;
}

// Start-up gives up on a store that has not answered in this long, so the operator reads one line
// naming STORE_URL within the 10 s they would wait, instead of a hang.
const OPEN_TIMEOUT_MS = 8_000;

/**
 * Opens the store named by STORE_URL: sqlite:// (default; one box, any number of processes on it),
 * redis:// or postgres:// (many processes on many boxes), memory:// (one process, for tests).
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const opening = connect(url, options);
  const store = await withinTime<Store | undefined>(opening, OPEN_TIMEOUT_MS, undefined).catch((error: unknown) => {
    if (error instanceof ConfigError) throw error;
    throw unavailable(url, (error as Error).message, error);
  });
  if (!store) {
    // Whatever is still connecting is closed when it finally settles.
    void opening.then((late) => late.close()).catch(() => undefined);
    throw unavailable(url, `no answer within ${OPEN_TIMEOUT_MS / 1000} s`);
  }
  try {
    // Touch the store now so an unreachable or locked one stops start-up with a clear line.
    await store.coordination.ping();
    await store.conversations.readHead('startup-probe' as never);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw unavailable(url, (error as Error).message, error);
  }
  return store;
}

const unavailable = (url: string, reason: string, cause?: unknown) =>
  new StoreUnavailable(`cannot open the store at ${redactUrl(url)} (STORE_URL): ${reason}`, { cause });

async function connect(url: string, options: OpenStoreOptions): Promise<Store> {
  const scheme = url.split(':', 1)[0]!.toLowerCase();
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => undefined);
  const callTimeoutMs = options.callTimeoutMs ?? STORE_CALL_TIMEOUT_MS;
  // One connection: a call timing out on either port means the other's calls will not answer either.
  const responsiveness = new StoreResponsiveness(callTimeoutMs);
  const limit = <T extends object>(port: T) => timeLimited(port, callTimeoutMs, responsiveness);
  const bundle = (conversations: ConversationStore, coordination: Coordination): Store => ({
    conversations: limit(conversations),
    coordination: limit(coordination),
    async close() {
      await coordination.close();
      await conversations.close();
    },
  });
  if (scheme === 'memory') return bundle(createKeyvConversationStore(new Keyv({ store: new Map(), useKeyPrefix: false })), createMemoryCoordination(now));
  if (scheme === 'sqlite') {
    const sqlite = await openSqlite(url.replace(/^sqlite:\/\//, ''));
    const keyv = new Keyv({ store: sqlite, namespace: 'parley', useKeyPrefix: false });
    await createSqliteCoordinationTables(sqlite.query);
    return bundle(createKeyvConversationStore(keyv, sqliteFencedCommit(keyv, sqlite)), createSqliteCoordination(sqlite.query, now));
  }
  if (scheme === 'redis' || scheme === 'rediss') {
    const { openRedisStore } = await import('./redis-store.js');
    const { client, prefix } = await openRedisStore(url, onError);
    const { createRedisConversationStore } = await import('./redis-conversation-store.js');
    const { createRedisCoordination } = await import('./redis-coordination.js');
    return bundle(createRedisConversationStore(client, prefix, onError), createRedisCoordination(client, prefix));
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { connectPostgres } = await import('./postgres-pool.js');
    const connection = await connectPostgres(url, onError);
    const { createPostgresConversationStore } = await import('./postgres-conversation-store.js');
    const { createPostgresCoordination } = await import('./postgres-coordination.js');
    return bundle(createPostgresConversationStore(connection), createPostgresCoordination(connection));
  }
  throw new ConfigError([`STORE_URL: unsupported scheme "${scheme}:" (use sqlite://, redis://, postgres:// or memory://)`]);
}

export { openSqlite };

// user:password@ in a store URL (redis://, postgres://…).
const URL_CREDENTIALS = /\/\/([^:/@]+):([^@]+)@/;

/** Hides a password in a store URL before it reaches a log or an error line. */
export function redactUrl(url: string): string {
  return url.replace(URL_CREDENTIALS, '//$1:***@');
}

/** The password in a store URL, if it has one, so the logger can mask it wherever it appears. */
export function storeUrlPassword(url: string): string | undefined {
  return URL_CREDENTIALS.exec(url)?.[2];
}
