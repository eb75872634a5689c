// Members of bounded sets carry values since the `value` column: a file or schema written before it
// gets the column at start-up, and what the older version stored there stays as it was.
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import { tempDir } from '../support/core-harness.js';
import { TEST_POSTGRES_URL, postgresNamespace, type Namespace } from '../support/real-servers.js';

const OLD_SETS_TABLE = 'CREATE TABLE parley_set_members (set_name TEXT NOT NULL, member TEXT NOT NULL, added INTEGER NOT NULL, PRIMARY KEY (set_name, member))';

/** What a store opened on the old schema must show: the old member, and values on new ones. */
async function expectUpgraded(open: () => Promise<Store>): Promise<void> {
  const stores = await Promise.all([open(), open()]);
  try {
    const [first, second] = stores.map((store) => store.coordination) as [Store['coordination'], Store['coordination']];
    expect(await first.members('pending-messages')).toEqual(['old-owner m1']);
    await second.addMember('held', 'new', 10, 'payload');
    expect(await first.moveMember('held', 'new', 'moved')).toEqual({ value: 'payload' });
    expect(await first.moveMember('pending-messages', 'old-owner m1', 'taken')).toEqual({ value: undefined });
  } finally {
    for (const store of stores) await store.close();
  }
}

describe('a store written before set members carried values', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('gets the column in an SQLite file, keeping its members, with two processes opening it at once', async () => {
    const dir = await tempDir();
    cleanups.push(dir.cleanup);
    const file = `${dir.path}/old.sqlite`;
    const db = new Database(file);
    db.exec(OLD_SETS_TABLE);
    db.prepare('INSERT INTO parley_set_members (set_name, member, added) VALUES (?, ?, 1)').run('pending-messages', 'old-owner m1');
    db.close();
    await expectUpgraded(() => openStore(`sqlite://${file}`));
  });

  // Registered only when the server is configured; the global setup names what was not run.
  if (TEST_POSTGRES_URL) it('gets the column in a PostgreSQL schema, keeping its members', async () => {
    const namespace: Namespace = postgresNamespace();
    cleanups.push(namespace.cleanup);
    const schema = new URL(namespace.url).searchParams.get('schema')!;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(OLD_SETS_TABLE.replace('parley_set_members', `${schema}.parley_set_members`).replace('INTEGER', 'bigint'));
      await client.query(`INSERT INTO ${schema}.parley_set_members (set_name, member, added) VALUES ('pending-messages', 'old-owner m1', 1)`);
    } finally {
      await client.end();
    }
    // One after the other: PostgreSQL start-ups are ordered by the migration lock anyway.
    await expectUpgraded(() => openStore(namespace.url));
  });
});
