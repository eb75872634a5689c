import type { Coordination } from '../core/index.js';
import type { SqliteQuery } from './sqlite-connection.js';
import { startSweeper } from './sql-sweeper.js';

const LEASES = 'parley_coordination';
const SETS = 'parley_set_members';

/** Creates the coordination tables in the store's file (idempotent). */
export async function createSqliteCoordinationTables(query: SqliteQuery): Promise<void> {
  await query(`CREATE TABLE IF NOT EXISTS ${LEASES} (name TEXT PRIMARY KEY, token TEXT NOT NULL, total INTEGER NOT NULL, expires_at INTEGER NOT NULL)`);
  await query(`CREATE TABLE IF NOT EXISTS ${SETS} (set_name TEXT NOT NULL, member TEXT NOT NULL, added INTEGER NOT NULL, value TEXT, PRIMARY KEY (set_name, member))`);
  await addValueColumn(query);
}

/**
 * Files from before members carried values have no `value` column: it is added (SQLite has no ADD
 * COLUMN IF NOT EXISTS, so it is looked for first). Two processes starting on one old file may both
 * try; the loser's "duplicate column" is the outcome it wanted. Older processes still on the file
 * name their columns, so their rows simply carry no value.
 */
async function addValueColumn(query: SqliteQuery): Promise<void> {
  if ((await query(`SELECT 1 FROM pragma_table_info('${SETS}') WHERE name = 'value'`)).length > 0) return;
  try {
    await query(`ALTER TABLE ${SETS} ADD COLUMN value TEXT`);
  } catch (error) {
    if (!/duplicate column/i.test((error as Error).message)) throw error;
  }
}

/**
 * Coordination in the SQLite file every process on the box opens. SQLite runs one write at a time
 * for the whole file, so each single statement below (an upsert with RETURNING) is atomic across
 * processes; times are the box's clock, which every process on it shares.
 */
export function createSqliteCoordination(query: SqliteQuery, now: () => number = Date.now): Coordination {
  const rows = async (sql: string, ...parameters: unknown[]) => (await query(sql, ...parameters)) as Array<Record<string, unknown>>;
  const acquire = async (name: string, token: string, ttlMs: number) => {
    const at = now();
    const taken = await rows(
      `INSERT INTO ${LEASES} (name, token, total, expires_at) VALUES (?, ?, 0, ?)
       ON CONFLICT(name) DO UPDATE SET token = excluded.token, total = 0, expires_at = excluded.expires_at WHERE ${LEASES}.expires_at <= ?
       RETURNING name`,
      name, token, at + ttlMs, at,
    );
    return taken.length === 1;
  };
  const sweeper = startSweeper(() => query(`DELETE FROM ${LEASES} WHERE expires_at <= ?`, now()));
  return {
    acquire,
    async renew(name, token, ttlMs) {
      const at = now();
      const renewed = await rows(`UPDATE ${LEASES} SET expires_at = ? WHERE name = ? AND token = ? AND expires_at > ? RETURNING name`, at + ttlMs, name, token, at);
      return renewed.length === 1;
    },
    async release(name, token) {
      // Expired in place rather than deleted: the next acquire of the name (the conversation's next turn)
      // then updates the row where it is instead of inserting it into the table and its index again.
      // Half the cost of an acquire + release pair (bench/RESULTS.md, "Store calls per turn"); the
      // sweeper deletes the rows of names that do not come back.
      const released = await rows(`UPDATE ${LEASES} SET expires_at = 0 WHERE name = ? AND token = ? AND expires_at > ? RETURNING name`, name, token, now());
      return released.length === 1;
    },
    claim: (name, ttlMs) => acquire(name, '', ttlMs),
    async claimAll(names, ttlMs) {
      if (names.length === 0) return [];
      const at = now();
      // One multi-row upsert, one write: RETURNING lists the rows it inserted or took over once expired.
      const taken = await rows(
        `INSERT INTO ${LEASES} (name, token, total, expires_at) VALUES ${names.map(() => "(?, '', 0, ?)").join(', ')}
         ON CONFLICT(name) DO UPDATE SET token = excluded.token, total = 0, expires_at = excluded.expires_at WHERE ${LEASES}.expires_at <= ?
         RETURNING name`,
        ...names.flatMap((name) => [name, at + ttlMs]), at,
      );
      const claimed = new Set(taken.map((row) => String(row.name)));
      return names.map((name) => claimed.has(name));
    },
    async increment(name, by, ttlMs) {
      const at = now();
      const [row] = await rows(
        `INSERT INTO ${LEASES} (name, token, total, expires_at) VALUES (?, '', ?, ?)
         ON CONFLICT(name) DO UPDATE SET
           total = CASE WHEN ${LEASES}.expires_at <= ? THEN excluded.total ELSE ${LEASES}.total + excluded.total END,
           expires_at = CASE WHEN ${LEASES}.expires_at <= ? THEN excluded.expires_at ELSE ${LEASES}.expires_at END
         RETURNING total, expires_at`,
        name, by, at + ttlMs, at, at,
      );
      return { total: Number(row!.total), expiresInMs: Number(row!.expires_at) - at };
    },
    async counter(name) {
      const [row] = await rows(`SELECT total FROM ${LEASES} WHERE name = ? AND expires_at > ?`, name, now());
      return row ? Number(row.total) : 0;
    },
    async incrementAll(additions) {
      if (additions.length === 0) return;
      const at = now();
      // One multi-row upsert is one write: atomic across processes, one WAL commit.
      await query(
        `INSERT INTO ${LEASES} (name, token, total, expires_at) VALUES ${additions.map(() => "(?, '', ?, ?)").join(', ')}
         ON CONFLICT(name) DO UPDATE SET
           total = CASE WHEN ${LEASES}.expires_at <= ? THEN excluded.total ELSE ${LEASES}.total + excluded.total END,
           expires_at = CASE WHEN ${LEASES}.expires_at <= ? THEN excluded.expires_at ELSE ${LEASES}.expires_at END`,
        ...additions.flatMap((a) => [a.name, a.by, at + a.ttlMs]), at, at,
      );
    },
    async counters(names) {
      const found = await rows(`SELECT name, total FROM ${LEASES} WHERE name IN (SELECT value FROM json_each(?)) AND expires_at > ?`, JSON.stringify(names), now());
      const totals = new Map(found.map((row) => [String(row.name), Number(row.total)]));
      return names.map((name) => totals.get(name) ?? 0);
    },
    async addMember(set, member, max, value) {
      // The statement's own time order (a counter, not the clock) keeps "least recently added" exact.
      // It also returns the set's size after it, so the trim runs only when the set outgrew `max`:
      // a pending message is added before Slack's acknowledgement, and a second statement there was a
      // second wait for the store on every delivery (bench/RESULTS.md, "Bursts").
      const [row] = await rows(
        `INSERT INTO ${SETS} (set_name, member, added, value) VALUES (?, ?, (SELECT COALESCE(MAX(added), 0) + 1 FROM ${SETS} WHERE set_name = ?), ?)
         ON CONFLICT(set_name, member) DO UPDATE SET added = excluded.added, value = excluded.value
         RETURNING (SELECT COUNT(*) FROM ${SETS} WHERE set_name = ?) AS size`,
        set, member, set, value ?? null, set,
      );
      if (Number(row?.size ?? Infinity) <= max) return;
      await query(
        `DELETE FROM ${SETS} WHERE set_name = ? AND member NOT IN (SELECT member FROM ${SETS} WHERE set_name = ? ORDER BY added DESC LIMIT ?)`,
        set, set, max,
      );
    },
    async members(set) {
      return (await rows(`SELECT member FROM ${SETS} WHERE set_name = ? ORDER BY added`, set)).map((row) => String(row.member));
    },
    async moveMember(set, from, to) {
      // One statement: OR REPLACE drops an earlier `to`, and RETURNING says whether `from` was there.
      const [row] = await rows(
        `UPDATE OR REPLACE ${SETS} SET member = ?, added = (SELECT MAX(added) + 1 FROM ${SETS} WHERE set_name = ?) WHERE set_name = ? AND member = ? RETURNING value`,
        to, set, set, from,
      );
      return row ? { value: row.value === null ? undefined : String(row.value) } : undefined;
    },
    async removeMembers(set, members) {
      if (members.length === 0) return;
      await query(`DELETE FROM ${SETS} WHERE set_name = ? AND member IN (SELECT value FROM json_each(?))`, set, JSON.stringify(members));
    },
    async ping() {
      await query('SELECT 1');
    },
    async close() {
      sweeper.stop();
    },
  };
}
