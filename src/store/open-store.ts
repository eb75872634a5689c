import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import Keyv, { type KeyvStoreAdapter } from 'keyv';
import { ConfigError, StoreUnavailable, withinTime, type ConversationStore } from '../core/index.js';
import { createKeyvConversationStore, type WriteRecords } from './keyv-conversation-store.js';

// Waits this long for a lock held by another process before a write fails as "store busy".
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
// A network store that does not answer within this stops start-up (its client would retry for ever).
const STORE_OPEN_TIMEOUT_MS = 10_000;

/** Opens the store named by a keyv URI: sqlite:// (default), memory://, redis://, postgres://, mysql://, mongodb://. */
export async function openConversationStore(url: string): Promise<ConversationStore> {
  let store: ConversationStore | undefined;
  try {
    const adapter = await adapterFor(url);
    const keyv = new Keyv({ store: adapter, namespace: 'parley', useKeyPrefix: false });
    store = createKeyvConversationStore(keyv, isSqlite(adapter) ? sqliteWriter(keyv, adapter) : undefined);
    // Touch the store now so an unreachable or locked one stops start-up with a clear line.
    const answered = await withinTime(store.readRecord('startup-probe').then(() => true), STORE_OPEN_TIMEOUT_MS, false);
    if (!answered) throw new Error(`no answer within ${STORE_OPEN_TIMEOUT_MS / 1000} s (check STORE_URL)`);
    return store;
  } catch (error) {
    const opened = store;
    if (opened) await withinTime(opened.close().catch(() => undefined), 1_000, undefined);
    if (error instanceof ConfigError) throw error;
    throw new StoreUnavailable(`cannot open the store at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
}

async function adapterFor(url: string): Promise<KeyvStoreAdapter | Map<unknown, unknown>> {
  const scheme = url.split(':', 1)[0]!.toLowerCase();
  if (scheme === 'memory') return new Map();
  if (scheme === 'sqlite') return openSqlite(url);
  const packageName = ADAPTER_PACKAGES[scheme];
  if (!packageName) throw new ConfigError([`STORE_URL: unsupported scheme "${scheme}:" (use sqlite://, redis://, postgres://, mysql://, mongodb:// or memory://)`]);
  try {
    const module = (await import(packageName)) as { default: new (uri: string) => KeyvStoreAdapter };
    return new module.default(url);
  } catch (error) {
    throw new ConfigError([`STORE_URL: ${scheme}:// needs the package ${packageName}; run \`npm install ${packageName}\` (${(error as Error).message})`]);
  }
}

const ADAPTER_PACKAGES: Record<string, string> = {
  redis: '@keyv/redis',
  rediss: '@keyv/redis',
  postgres: '@keyv/postgres',
  postgresql: '@keyv/postgres',
  mysql: '@keyv/mysql',
  mongodb: '@keyv/mongo',
};

async function openSqlite(url: string): Promise<KeyvStoreAdapter> {
  const { KeyvSqlite } = await import('@keyv/sqlite');
  const path = url.replace(/^sqlite:\/\//, '');
  if (path !== ':memory:') await mkdir(dirname(resolve(path)), { recursive: true });
  const sqlite = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: SQLITE_BUSY_TIMEOUT_MS });
  // WAL lets reads run beside a write, and synchronous=NORMAL syncs at checkpoints rather than on
  // every commit: a power cut can lose the last turns, never corrupt the file. This is what makes
  // per-turn cost a fraction of a millisecond instead of a disk flush.
  await sqlite.query('PRAGMA journal_mode=WAL');
  await sqlite.query('PRAGMA synchronous=NORMAL');
  return sqlite;
}

/** The parts of @keyv/sqlite's adapter the one-statement writer uses. */
interface SqliteAdapter {
  opts: { dialect?: string; table?: string };
  query(sql: string, ...parameters: unknown[]): Promise<unknown>;
}

function isSqlite(adapter: unknown): adapter is SqliteAdapter {
  const candidate = adapter as Partial<SqliteAdapter>;
  return candidate.opts?.dialect === 'sqlite' && typeof candidate.opts.table === 'string' && typeof candidate.query === 'function';
}

/**
 * Commits several records with one multi-row upsert in keyv's own row format, so a turn costs one
 * statement (one trip to SQLite's thread, one WAL commit) instead of two; bench/RESULTS.md has the numbers.
 */
function sqliteWriter(keyv: Keyv, sqlite: SqliteAdapter): WriteRecords {
  const table = sqlite.opts.table!;
  return async (records) => {
    const values: unknown[] = [];
    // keyv.set stores {"value": …} (no "expires" without a ttl) through this same serializer.
    for (const { key, value } of records) values.push(key, await keyv.serialize!({ value, expires: undefined }));
    const rows = records.map(() => '(?, ?)').join(', ');
    await sqlite.query(`INSERT INTO ${table} (key, value) VALUES ${rows} ON CONFLICT(key) DO UPDATE SET value = excluded.value`, ...values);
  };
}

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
