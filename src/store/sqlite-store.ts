import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type Keyv from 'keyv';
import type { FencedCommit } from './keyv-conversation-store.js';
import { headKey, recordKey, turnKey } from './keyv-conversation-store.js';
import { openSqliteConnection, type SqliteQuery } from './sqlite-connection.js';
import { SqliteKeyvStore } from './sqlite-keyv-store.js';

/** The parts of the SQLite keyv adapter the fenced commit and the coordination tables use. */
export interface SqliteAdapter {
  opts: { table?: string };
  query: SqliteQuery;
}

/** Opens (creating its folder) the SQLite file at `path` through better-sqlite3, as a keyv store. */
export async function openSqlite(path: string): Promise<SqliteKeyvStore> {
  if (path !== ':memory:') await mkdir(dirname(resolve(path)), { recursive: true });
  const connection = openSqliteConnection(path);
  try {
    // WAL lets reads run beside a write, and synchronous=NORMAL syncs at checkpoints rather than on
    // every commit: a power cut can lose the last turns, never corrupt the file. This is what makes
    // per-turn cost a fraction of a millisecond instead of a disk flush.
    await connection.query('PRAGMA journal_mode=WAL');
    await connection.query('PRAGMA synchronous=NORMAL');
    return await SqliteKeyvStore.over(connection);
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * The fenced commit as one statement: a multi-row upsert (turn, head and the records that come with
 * the turn, in keyv's own row format) whose SELECT yields rows only while the stored head's revision
 * is the expected one. SQLite runs one write at a time for the whole file, so the check and the write
 * are atomic across processes; RETURNING tells whether the rows went in. One statement is also one
 * WAL commit per turn.
 */
export function sqliteFencedCommit(keyv: Keyv, sqlite: SqliteAdapter): FencedCommit {
  const table = sqlite.opts.table ?? 'keyv';
  // keyv.set stores {"value": …} (no "expires" without a ttl) through this same serializer.
  const row = async (value: unknown) => keyv.serialize!({ value, expires: undefined });
  return async (key, turn, head, expectedRevision, records) => {
    const recordRows: unknown[] = [];
    for (const record of records) recordRows.push(recordKey(record.name), await row(record.value));
    const written = await sqlite.query(
      `INSERT INTO ${table} (key, value) SELECT column1, column2 FROM (VALUES (?, ?), (?, ?)${', (?, ?)'.repeat(records.length)})
       WHERE COALESCE((SELECT json_extract(value, '$.value.revision') FROM ${table} WHERE key = ?), '') = ?
       ON CONFLICT(key) DO UPDATE SET value = excluded.value RETURNING key`,
      turnKey(key, turn.index), await row(turn), headKey(key), await row(head), ...recordRows, headKey(key), expectedRevision,
    );
    return written.length === 2 + records.length;
  };
}
