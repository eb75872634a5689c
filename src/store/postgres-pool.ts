import pg from 'pg';

// As for Redis: a server that has not accepted a connection in this long will not, and start-up must
// say so well inside 10 s. Idle connections are dropped after a while so a quiet bot holds few.
const CONNECT_TIMEOUT_MS = 3_000;
const IDLE_TIMEOUT_MS = 30_000;
const MAX_CONNECTIONS = 10;

/** A PostgreSQL pool, and the schema (from `?schema=` in STORE_URL, default public) Parley's tables live in. */
export interface PostgresConnection {
  pool: pg.Pool;
  schema: string;
}

/** Opens a pool on `url`; `?schema=name` puts Parley's tables in their own schema (created if missing). */
export async function connectPostgres(url: string, onError: (error: unknown) => void): Promise<PostgresConnection> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`schema "${schema}" must be a lower-case SQL identifier`);
  parsed.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    max: MAX_CONNECTIONS,
    // Every pooled connection resolves Parley's table names in its schema.
    options: `-c search_path=${schema}`,
  });
  // An idle connection the server drops emits 'error' on the pool; unhandled, that would end the process.
  pool.on('error', onError);
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return { pool, schema };
}

// Two processes starting together would both run CREATE TABLE IF NOT EXISTS, which is not safe
// against itself in PostgreSQL (duplicate pg_type rows); one advisory lock orders them.
const MIGRATION_LOCK = 0x7061726c; // "parl"

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const statement of TABLES) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// Turns are stored as text, not jsonb: jsonb reorders object keys, and the model must get back the
// exact bytes it produced (prompt caching compares prefixes).
const TABLES = [
  `CREATE TABLE IF NOT EXISTS parley_heads (key text PRIMARY KEY, revision text NOT NULL, head text NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS parley_turns (key text NOT NULL, index integer NOT NULL, turn text NOT NULL, PRIMARY KEY (key, index))`,
  `CREATE TABLE IF NOT EXISTS parley_coordination (name text PRIMARY KEY, token text NOT NULL, total bigint NOT NULL, expires_at timestamptz NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS parley_set_members (set_name text NOT NULL, member text NOT NULL, added bigint NOT NULL, PRIMARY KEY (set_name, member))`,
  // Members carry values since this column; older schemas get it here (older processes name their
  // columns, so their rows carry none). Looked for first: an ALTER TABLE locks the table even when it
  // changes nothing, and every start-up would wait for the other processes' statements on it.
  `DO $$ BEGIN
     IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'parley_set_members' AND column_name = 'value')
     THEN ALTER TABLE parley_set_members ADD COLUMN value text; END IF;
   END $$`,
  `CREATE SEQUENCE IF NOT EXISTS parley_set_order`,
  `CREATE TABLE IF NOT EXISTS parley_records (name text PRIMARY KEY, value text NOT NULL, expires_at timestamptz)`,
];
