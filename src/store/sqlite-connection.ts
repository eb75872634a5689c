import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

// better-sqlite3 is CommonJS: require() loads it ~6 ms cheaper at start-up than an ESM import, which
// runs cjs-module-lexer over each of its files (bench/RESULTS.md, "Discord start-up").
const require = createRequire(import.meta.url);
const Sqlite = require('better-sqlite3') as typeof Database;

/** Runs one SQL statement on the store's SQLite connection and resolves with its rows ([] for a statement that returns none). */
export type SqliteQuery = (sql: string, ...parameters: unknown[]) => Promise<unknown[]>;

/** One better-sqlite3 connection to the store's file. */
export interface SqliteConnection {
  query: SqliteQuery;
  close(): void;
}

// A statement waits this long in all for a lock held by another process before it fails as "store busy".
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;
// better-sqlite3 runs statements on the main thread, so SQLite's own busy handler would block the event
// loop (every other conversation, the time limit of the call itself) for as long as it waits. It waits
// only this long; past that the statement is retried from a timer, the loop free in between.
const BLOCKING_BUSY_MS = 5;
const FIRST_RETRY_MS = 2;
// SQLite's own busy handler polls at most every 100 ms; polling a little faster finds a released lock sooner.
const MAX_RETRY_MS = 50;
// Statements are prepared once per SQL string; the multi-row upserts (one string per row count) could
// otherwise grow the cache without end.
const MAX_CACHED_STATEMENTS = 256;

/** Opens `path` with better-sqlite3 (synchronous, in-process): one prepared statement per SQL string, SQLITE_BUSY retried asynchronously. */
export function openSqliteConnection(path: string): SqliteConnection {
  const db = openDatabase(path);
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
    }
    return statement;
  };
  const execute = (sql: string, parameters: unknown[]): unknown[] => {
    const statement = prepared(sql);
    if (statement.reader) return statement.all(...parameters);
    statement.run(...parameters);
    return [];
  };
  return {
    async query(sql, ...parameters) {
      const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
      for (let wait = FIRST_RETRY_MS; ; wait = Math.min(wait * 2, MAX_RETRY_MS)) {
        try {
          return execute(sql, parameters);
        } catch (error) {
          // A statement that failed busy changed nothing (each runs in its own transaction), so running it again is safe.
          if (!isBusy(error) || Date.now() + wait > deadline) throw withCode(error);
        }
        await sleep(wait);
      }
    },
    close: () => db.close(),
  };
}

function openDatabase(path: string): Database.Database {
  try {
    return new Sqlite(path, { timeout: BLOCKING_BUSY_MS });
  } catch (error) {
    throw withCode(error);
  }
}

const isBusy = (error: unknown) => String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');

/** better-sqlite3's errors say "database is locked"; the code in front ("SQLITE_BUSY: …") is what an operator searches for. */
function withCode(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof Error) || typeof code !== 'string' || !code.startsWith('SQLITE_') || error.message.startsWith(code)) return error;
  error.message = `${code}: ${error.message}`;
  return error;
}
