// The real Redis and PostgreSQL the store suites run against (TEST_REDIS_URL, TEST_POSTGRES_URL),
// each test in its own key prefix or schema, removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import pg from 'pg';

/** The Redis of TEST_REDIS_URL (e.g. redis://127.0.0.1:6379), when set. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;
/** The PostgreSQL of TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test), when set. */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || undefined;

/** A STORE_URL on a fresh, empty namespace of a shared server, and how to remove it. */
export interface Namespace {
  url: string;
  cleanup(): Promise<void>;
}

const unique = (kind: string) => `parley_test_${kind}_${randomBytes(5).toString('hex')}`;

/** A fresh key prefix on the test Redis. */
export function redisNamespace(base = TEST_REDIS_URL!): Namespace {
  const prefix = `${unique('r')}:`;
  const url = new URL(base);
  url.searchParams.set('prefix', prefix);
  return {
    url: url.toString(),
    async cleanup() {
      const client = createClient({ url: base });
      await client.connect();
      try {
        for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length > 0) await client.unlink(keys);
      } finally {
        await client.close();
      }
    },
  };
}

/** A fresh schema on the test PostgreSQL. */
export function postgresNamespace(base = TEST_POSTGRES_URL!): Namespace {
  const schema = unique('p');
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async cleanup() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Every store several processes can share, each opened as a fresh namespace: an SQLite file always,
 * Redis and PostgreSQL when configured (the global setup names the ones not run).
 */
export function sharedStores(): Array<[name: string, namespace: () => Promise<Namespace>]> {
  const stores: Array<[string, () => Promise<Namespace>]> = [
    [
      'SQLite file',
      async () => {
        const dir = await mkdtemp(join(tmpdir(), 'parley-shared-'));
        return { url: `sqlite://${dir}/shared.sqlite`, cleanup: () => rm(dir, { recursive: true, force: true }) };
      },
    ],
  ];
  if (TEST_REDIS_URL) stores.push(['Redis', async () => redisNamespace()]);
  if (TEST_POSTGRES_URL) stores.push(['PostgreSQL', async () => postgresNamespace()]);
  return stores;
}
