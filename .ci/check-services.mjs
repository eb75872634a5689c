// CI needs the real Redis and PostgreSQL the store suites run against: one clear line if either is down.
import { createClient } from '@redis/client';
import pg from 'pg';

const TIMEOUT_MS = 5_000;
const redisUrl = process.env.TEST_REDIS_URL;
const postgresUrl = process.env.TEST_POSTGRES_URL;

const within = (work) =>
  Promise.race([work, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref())]);

async function redis() {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: TIMEOUT_MS, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) await client.close();
  }
}

async function postgres() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

const failures = [];
await within(redis()).catch((error) => failures.push(`Redis at ${redisUrl} does not answer (${error.message})`));
await within(postgres()).catch((error) => failures.push(`PostgreSQL at ${postgresUrl} does not answer (${error.message})`));
if (failures.length > 0) {
  process.stderr.write(`CI needs Redis and PostgreSQL running: ${failures.join('; ')}.\n`);
  process.exit(1);
}
