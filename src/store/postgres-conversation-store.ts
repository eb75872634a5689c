import { randomUUID } from 'node:crypto';
import type { ConversationHead, ConversationStore, StoredTurn } from '../core/index.js';
import type { PostgresConnection } from './postgres-pool.js';

// The fence in one statement. The head write decides: an UPDATE guarded by the expected revision
// (a concurrent commit holds the row lock, and READ COMMITTED re-checks the WHERE on the row it
// left, so exactly one wins), or for a new conversation an INSERT that does nothing on conflict.
// The turn, and the records that come with it, are written only when the head write returned a row.
const WRITE_TURN = `
turn AS (INSERT INTO parley_turns (key, index, turn) SELECT $1, $5, $6 WHERE EXISTS (SELECT 1 FROM head)
         ON CONFLICT (key, index) DO UPDATE SET turn = excluded.turn RETURNING 1),
records AS (INSERT INTO parley_records (name, value, expires_at) SELECT name, value, NULL FROM unnest($7::text[], $8::text[]) AS r(name, value)
         WHERE EXISTS (SELECT 1 FROM head) ON CONFLICT (name) DO UPDATE SET value = excluded.value, expires_at = NULL)
SELECT count(*)::int AS committed FROM head`;
const COMMIT_ON = `
WITH head AS (UPDATE parley_heads SET revision = $2, head = $3 WHERE key = $1 AND revision = $4 RETURNING 1),${WRITE_TURN}`;
const COMMIT_NEW = `
WITH head AS (INSERT INTO parley_heads (key, revision, head) SELECT $1, $2, $3 WHERE $4 = '' ON CONFLICT (key) DO NOTHING RETURNING 1),${WRITE_TURN}`;

/** Histories in PostgreSQL: a heads table and a turns table, both keyed by the conversation. */
export function createPostgresConversationStore({ pool }: PostgresConnection): ConversationStore {
  return {
    async readHead(key) {
      const { rows } = await pool.query<{ head: string; revision: string }>('SELECT head, revision FROM parley_heads WHERE key = $1', [key]);
      // The revision column is the truth (replaceTurn changes only it).
      return rows[0] ? { ...(JSON.parse(rows[0].head) as ConversationHead), revision: rows[0].revision } : undefined;
    },
    async readTurns(key, from, to) {
      if (to <= from) return [];
      const { rows } = await pool.query<{ turn: string }>('SELECT turn FROM parley_turns WHERE key = $1 AND index >= $2 AND index < $3 ORDER BY index', [key, from, to]);
      return rows.map((row) => JSON.parse(row.turn) as StoredTurn);
    },
    async commitTurn(key, turn, head, expectedRevision, records = []) {
      const { rows } = await pool.query<{ committed: number }>(expectedRevision === '' ? COMMIT_NEW : COMMIT_ON, [
        key,
        head.revision ?? '',
        JSON.stringify(head),
        expectedRevision,
        turn.index,
        JSON.stringify(turn),
        records.map((record) => record.name),
        records.map((record) => JSON.stringify(record.value)),
      ]);
      return rows[0]?.committed === 1;
    },
    async replaceTurn(key, turn) {
      await pool.query(
        `WITH turn AS (UPDATE parley_turns SET turn = $3 WHERE key = $1 AND index = $2 RETURNING 1)
         UPDATE parley_heads SET revision = $4 WHERE key = $1 AND EXISTS (SELECT 1 FROM turn)`,
        [key, turn.index, JSON.stringify(turn), randomUUID()],
      );
    },
    async deleteConversation(key) {
      const { rows } = await pool.query<{ deleted: number }>(
        `WITH head AS (DELETE FROM parley_heads WHERE key = $1 RETURNING 1), turns AS (DELETE FROM parley_turns WHERE key = $1)
         SELECT count(*)::int AS deleted FROM head`,
        [key],
      );
      return rows[0]?.deleted === 1;
    },
    async readRecord<T>(name: string) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM parley_records WHERE name = $1 AND (expires_at IS NULL OR expires_at > clock_timestamp())', [name]);
      return rows[0] ? (JSON.parse(rows[0].value) as T) : undefined;
    },
    async writeRecord(name, value, ttlMs) {
      await pool.query(
        `INSERT INTO parley_records (name, value, expires_at) VALUES ($1, $2, CASE WHEN $3::float8 IS NULL THEN NULL ELSE clock_timestamp() + $3::float8 * interval '1 millisecond' END)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
        [name, JSON.stringify(value), ttlMs ?? null],
      );
    },
    async deleteRecord(name) {
      await pool.query('DELETE FROM parley_records WHERE name = $1', [name]);
    },
    close: () => pool.end(),
  };
}
