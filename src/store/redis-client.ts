import { createClient, type RedisClientType } from '@redis/client';

/** The node-redis client both Redis ports share. */
export type RedisClient = RedisClientType<{}, {}, {}, 2, {}>;

// A connection attempt that has not answered in this long will not: the start-up line comes well
// inside the 10 s the operator waits.
const CONNECT_TIMEOUT_MS = 3_000;
// After the first connection, a dropped one is retried with a capped back-off for as long as the
// process lives; calls made meanwhile fail at once (no offline queue) instead of piling up.
const MAX_RECONNECT_DELAY_MS = 2_000;

/** Connects to Redis, failing (not retrying for ever) when nothing answers at start-up. */
export async function connectRedis(url: string, onError: (error: unknown) => void): Promise<RedisClient> {
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  // node-redis emits 'error' for every failed reconnect; without a listener that would crash the process.
  client.on('error', (error: unknown) => connected && onError(error));
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw error;
  }
  connected = true;
  return client;
}
