import type { Coordination } from '../core/index.js';
import type { RedisClient } from './redis-client.js';

// Token-checked renew and release: GET and the change happen in one script, so a holder whose lease
// lapsed (and was taken by another) cannot extend or free the new holder's lease.
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
// A new counter (no expiry yet) gets its TTL; an existing one keeps its own.
const INCREMENT = `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); left = tonumber(ARGV[2]) end
return {total, left}`;
// The same for many counters at once: KEYS are the counters, ARGV their (by, ttl) pairs.
const INCREMENT_ALL = `
for i, key in ipairs(KEYS) do
  redis.call('INCRBY', key, ARGV[2 * i - 1])
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return 1`;
// SET NX PX per key, in one script so the whole claim is one round trip.
const CLAIM_ALL = `
local claimed = {}
for i, key in ipairs(KEYS) do
  claimed[i] = redis.call('SET', key, '1', 'NX', 'PX', ARGV[1]) and 1 or 0
end
return claimed`;
// Sets are sorted sets scored by insertion order (a per-set sequence), trimmed to the newest `max`;
// members' values live in a hash beside them (KEYS[3]), written and dropped with them.
const ADD_MEMBER = `
local order = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], order, ARGV[1])
if #ARGV >= 3 then redis.call('HSET', KEYS[3], ARGV[1], ARGV[3]) else redis.call('HDEL', KEYS[3], ARGV[1]) end
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if over > 0 then
  local dropped = redis.call('ZRANGE', KEYS[1], 0, over - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, over - 1)
  redis.call('HDEL', KEYS[3], unpack(dropped))
end
return 1`;
// Absent: nil. Moved: a one-element array of its value (nil when it carried none).
const MOVE_MEMBER = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return false end
local value = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), ARGV[2])
if value then redis.call('HSET', KEYS[3], ARGV[2], value) else redis.call('HDEL', KEYS[3], ARGV[2]) end
return {value}`;
const REMOVE_MEMBERS = `
redis.call('ZREM', KEYS[1], unpack(ARGV))
redis.call('HDEL', KEYS[3], unpack(ARGV))
return 1`;

/** Coordination in Redis: SET NX PX leases and claims, scripted renew/release, INCRBY counters, sorted sets. */
export function createRedisCoordination(client: RedisClient, prefix: string): Coordination {
  const name = (n: string) => `${prefix}c:${n}`;
  const set = (n: string) => `${prefix}{s:${n}}`;
  // One hash tag for all three, so a set's scripts stay in one Redis Cluster slot.
  const setKeys = (n: string) => [`${prefix}{s:${n}}`, `${prefix}{s:${n}}:order`, `${prefix}{s:${n}}:values`];
  const setIfAbsent = async (n: string, value: string, ttlMs: number) =>
    (await client.set(name(n), value, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
  return {
    acquire: (n, token, ttlMs) => setIfAbsent(n, token, ttlMs),
    renew: async (n, token, ttlMs) => (await client.eval(RENEW, { keys: [name(n)], arguments: [token, String(ttlMs)] })) === 1,
    release: async (n, token) => (await client.eval(RELEASE, { keys: [name(n)], arguments: [token] })) === 1,
    claim: (n, ttlMs) => setIfAbsent(n, '1', ttlMs),
    async claimAll(names, ttlMs) {
      if (names.length === 0) return [];
      const claimed = (await client.eval(CLAIM_ALL, { keys: names.map(name), arguments: [String(ttlMs)] })) as number[];
      return claimed.map((value) => Number(value) === 1);
    },
    async increment(n, by, ttlMs) {
      const [total, left] = (await client.eval(INCREMENT, { keys: [name(n)], arguments: [String(by), String(ttlMs)] })) as [number, number];
      return { total: Number(total), expiresInMs: Number(left) };
    },
    counter: async (n) => Number((await client.get(name(n))) ?? 0),
    async incrementAll(additions) {
      if (additions.length === 0) return;
      await client.eval(INCREMENT_ALL, { keys: additions.map((a) => name(a.name)), arguments: additions.flatMap((a) => [String(a.by), String(a.ttlMs)]) });
    },
    async counters(names) {
      if (names.length === 0) return [];
      return (await client.mGet(names.map(name))).map((value) => Number(value ?? 0));
    },
    async addMember(s, member, max, value) {
      await client.eval(ADD_MEMBER, { keys: setKeys(s), arguments: [member, String(max), ...(value === undefined ? [] : [value])] });
    },
    members: (s) => client.zRange(set(s), 0, -1),
    async moveMember(s, from, to) {
      const moved = (await client.eval(MOVE_MEMBER, { keys: setKeys(s), arguments: [from, to] })) as [string | null] | null;
      return moved ? { value: moved[0] ?? undefined } : undefined;
    },
    async removeMembers(s, members) {
      if (members.length > 0) await client.eval(REMOVE_MEMBERS, { keys: setKeys(s), arguments: [...members] });
    },
    async ping() {
      await client.ping();
    },
    close: async () => undefined,
  };
}
