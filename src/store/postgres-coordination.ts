import type { Coordination } from '../core/index.js';
import type { PostgresConnection } from './postgres-pool.js';
import { startSweeper } from './sql-sweeper.js';

// Times are the server's (clock_timestamp()), so processes on machines whose clocks disagree still
// agree on when a lease lapses. Each method is one statement; the upserts rely on PostgreSQL
// re-checking ON CONFLICT … WHERE against the row a concurrent writer left.
const EXPIRES = `clock_timestamp() + $3 * interval '1 millisecond'`;

/** Coordination rows in PostgreSQL: leases, claims and counters share one table, sets another. */
export function createPostgresCoordination({ pool }: PostgresConnection): Coordination {
  const count = async (sql: string, values: unknown[]) => (await pool.query(sql, values)).rowCount ?? 0;
  const acquire = async (name: string, token: string, ttlMs: number) =>
    (await count(
      `INSERT INTO parley_coordination (name, token, total, expires_at) VALUES ($1, $2, 0, ${EXPIRES})
       ON CONFLICT (name) DO UPDATE SET token = excluded.token, total = 0, expires_at = excluded.expires_at
       WHERE parley_coordination.expires_at <= clock_timestamp()`,
      [name, token, ttlMs],
    )) === 1;
  const sweeper = startSweeper(() => pool.query('DELETE FROM parley_coordination WHERE expires_at <= clock_timestamp()'));
  return {
    acquire,
    renew: async (name, token, ttlMs) =>
      (await count(`UPDATE parley_coordination SET expires_at = ${EXPIRES} WHERE name = $1 AND token = $2 AND expires_at > clock_timestamp()`, [name, token, ttlMs])) === 1,
    release: async (name, token) =>
      (await count('DELETE FROM parley_coordination WHERE name = $1 AND token = $2 AND expires_at > clock_timestamp()', [name, token])) === 1,
    claim: (name, ttlMs) => acquire(name, '', ttlMs),
    async claimAll(names, ttlMs) {
      if (names.length === 0) return [];
      // Rows locked in name order, as in incrementAll: two processes claiming overlapping names cannot deadlock.
      const sorted = [...names].sort();
      const { rows } = await pool.query<{ name: string }>(
        `INSERT INTO parley_coordination AS c (name, token, total, expires_at)
         SELECT name, '', 0, clock_timestamp() + $2 * interval '1 millisecond' FROM unnest($1::text[]) WITH ORDINALITY AS a(name, n) ORDER BY n
         ON CONFLICT (name) DO UPDATE SET token = excluded.token, total = 0, expires_at = excluded.expires_at
         WHERE c.expires_at <= clock_timestamp()
         RETURNING name`,
        [sorted, ttlMs],
      );
      const claimed = new Set(rows.map((row) => row.name));
      return names.map((name) => claimed.has(name));
    },
    async increment(name, by, ttlMs) {
      const { rows } = await pool.query<{ total: string; left_ms: number }>(
        `INSERT INTO parley_coordination AS c (name, token, total, expires_at) VALUES ($1, '', $2, ${EXPIRES})
         ON CONFLICT (name) DO UPDATE SET
           total = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.total ELSE c.total + excluded.total END,
           expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.expires_at ELSE c.expires_at END
         RETURNING total, (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::float8 AS left_ms`,
        [name, by, ttlMs],
      );
      return { total: Number(rows[0]!.total), expiresInMs: Math.max(0, Math.round(rows[0]!.left_ms)) };
    },
    async counter(name) {
      const { rows } = await pool.query<{ total: string }>('SELECT total FROM parley_coordination WHERE name = $1 AND expires_at > clock_timestamp()', [name]);
      return rows[0] ? Number(rows[0].total) : 0;
    },
    async incrementAll(additions) {
      if (additions.length === 0) return;
      // Rows locked in name order: two processes adding to the same counters cannot deadlock.
      const sorted = [...additions].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      await pool.query(
        `INSERT INTO parley_coordination AS c (name, token, total, expires_at)
         SELECT name, '', amount, clock_timestamp() + ttl_ms * interval '1 millisecond' FROM unnest($1::text[], $2::bigint[], $3::float8[]) WITH ORDINALITY AS a(name, amount, ttl_ms, n) ORDER BY n
         ON CONFLICT (name) DO UPDATE SET
           total = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.total ELSE c.total + excluded.total END,
           expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN excluded.expires_at ELSE c.expires_at END`,
        [sorted.map((a) => a.name), sorted.map((a) => a.by), sorted.map((a) => a.ttlMs)],
      );
    },
    async counters(names) {
      const { rows } = await pool.query<{ name: string; total: string }>('SELECT name, total FROM parley_coordination WHERE name = ANY($1) AND expires_at > clock_timestamp()', [[...names]]);
      const totals = new Map(rows.map((row) => [row.name, Number(row.total)]));
      return names.map((name) => totals.get(name) ?? 0);
    },
    async addMember(set, member, max, value) {
      // The count is of the set before this add (the statement's snapshot): at the bound or past it,
      // the trim runs. A pending message is added before Slack's acknowledgement, where a second
      // statement on every delivery was a second wait for the store.
      const { rows } = await pool.query<{ size: number }>(
        `WITH added AS (INSERT INTO parley_set_members (set_name, member, added, value) VALUES ($1, $2, nextval('parley_set_order'), $3)
           ON CONFLICT (set_name, member) DO UPDATE SET added = excluded.added, value = excluded.value)
         SELECT count(*)::int AS size FROM parley_set_members WHERE set_name = $1`,
        [set, member, value ?? null],
      );
      if ((rows[0]?.size ?? Infinity) < max) return;
      // Trimming is idempotent: two processes adding at once both leave the newest `max`.
      await pool.query(
        'DELETE FROM parley_set_members WHERE set_name = $1 AND member NOT IN (SELECT member FROM parley_set_members WHERE set_name = $1 ORDER BY added DESC LIMIT $2)',
        [set, max],
      );
    },
    async members(set) {
      const { rows } = await pool.query<{ member: string }>('SELECT member FROM parley_set_members WHERE set_name = $1 ORDER BY added', [set]);
      return rows.map((row) => row.member);
    },
    async moveMember(set, from, to) {
      // The insert reads what the delete returned, so the delete runs first; a second mover waits on
      // the row lock and then finds it gone. ON CONFLICT replaces an earlier `to`.
      const { rows } = await pool.query<{ value: string | null }>(
        `WITH moved AS (DELETE FROM parley_set_members WHERE set_name = $1 AND member = $2 RETURNING value)
         INSERT INTO parley_set_members (set_name, member, added, value) SELECT $1, $3, nextval('parley_set_order'), value FROM moved
         ON CONFLICT (set_name, member) DO UPDATE SET added = excluded.added, value = excluded.value
         RETURNING value`,
        [set, from, to],
      );
      return rows[0] ? { value: rows[0].value ?? undefined } : undefined;
    },
    async removeMembers(set, members) {
      if (members.length > 0) await pool.query('DELETE FROM parley_set_members WHERE set_name = $1 AND member = ANY($2)', [set, [...members]]);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      sweeper.stop();
    },
  };
}
