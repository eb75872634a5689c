import { connectRedis, type RedisClient } from './redis-client.js';

// Every key Parley writes starts with this, unless STORE_URL sets `?prefix=` (several bots, or
// tests, sharing one Redis database).
const DEFAULT_PREFIX = 'parley:';

/** Connects to the Redis of `url`; `?prefix=` (stripped before connecting) names Parley's key prefix. */
export async function openRedisStore(url: string, onError: (error: unknown) => void): Promise<{ client: RedisClient; prefix: string }> {
  const parsed = new URL(url);
  const prefix = parsed.searchParams.get('prefix') ?? DEFAULT_PREFIX;
  parsed.searchParams.delete('prefix');
  return { client: await connectRedis(parsed.toString(), onError), prefix };
}
