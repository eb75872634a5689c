// vitest globalSetup: says, in one line, which suites this run cannot reach and how to enable them.
// On CI (CI=true) both servers are required, so a missing one fails the run instead.
import { createClient } from '@redis/client';
import pg from 'pg';

const PROBE_TIMEOUT_MS = 3_000;

export default async function checkRealServers(): Promise<void> {
  const missing: string[] = [];
  const redis = process.env.TEST_REDIS_URL;
  const postgres = process.env.TEST_POSTGRES_URL;
  if (!redis || !(await answers(() => pingRedis(redis)))) missing.push(`Redis store suites (set TEST_REDIS_URL=redis://127.0.0.1:6379${redis ? '; it did not answer' : ''})`);
  if (!postgres || !(await answers(() => pingPostgres(postgres)))) {
    missing.push(`PostgreSQL store suites (set TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test${postgres ? '; it did not answer' : ''})`);
  }
  if (missing.length === 0) return;
  const line = `Not run: ${missing.join('; ')}.`;
  if (process.env.CI) throw new Error(`${line} CI requires both servers.`);
  process.stdout.write(`\n${line}\n\n`);
}

async function answers(probe: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, PROBE_TIMEOUT_MS, false)));
  try {
    return await Promise.race([probe().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pingRedis(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: PROBE_TIMEOUT_MS, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  await client.ping();
  await client.close();
}

async function pingPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}
