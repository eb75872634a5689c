import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { SqliteConnection, SqliteQuery } from './sqlite-connection.js';

// @keyv/sqlite's table, exactly: files it wrote open here, and the other way round.
const TABLE = 'keyv';
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE}(key VARCHAR(255) PRIMARY KEY, value TEXT )`;

/**
 * keyv's store adapter over a better-sqlite3 connection, row for row what @keyv/sqlite stores: one
 * row per key, the value keyv serialized (`{"value":…,"expires":…}`), no TTL column: keyv itself
 * drops an expired value when it reads one. The fenced commit and coordination tables share `query`.
 */
export class SqliteKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { table: TABLE, dialect: 'sqlite' };
  readonly ttlSupport = false;
  namespace?: string;
  readonly query: SqliteQuery;
  readonly #connection: SqliteConnection;

  private constructor(connection: SqliteConnection) {
    super();
    this.#connection = connection;
    this.query = connection.query;
  }

  /** The adapter over `connection`, its table created if the file has none. */
  static async over(connection: SqliteConnection): Promise<SqliteKeyvStore> {
    await connection.query(CREATE_TABLE);
    return new SqliteKeyvStore(connection);
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const [row] = (await this.query(`SELECT value FROM ${TABLE} WHERE key = ?`, key)) as Array<{ value: StoredData<Value> }>;
    return row?.value;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    const rows = (await this.query(`SELECT key, value FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?))`, JSON.stringify(keys))) as Array<{ key: string; value: StoredData<Value> }>;
    const values = new Map(rows.map((row) => [row.key, row.value]));
    return keys.map((key) => values.get(key));
  }

  async set(key: string, value: string): Promise<void> {
    await this.query(`INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.query(`DELETE FROM ${TABLE} WHERE key = ? RETURNING key`, key)).length > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return (await this.query(`DELETE FROM ${TABLE} WHERE key IN (SELECT value FROM json_each(?)) RETURNING key`, JSON.stringify(keys))).length > 0;
  }

  async clear(): Promise<void> {
    await this.query(`DELETE FROM ${TABLE} WHERE key LIKE ?`, this.namespace ? `${this.namespace}:%` : '%');
  }

  async has(key: string): Promise<boolean> {
    return (await this.query(`SELECT 1 FROM ${TABLE} WHERE key = ?`, key)).length > 0;
  }

  async disconnect(): Promise<void> {
    this.#connection.close();
  }
}
