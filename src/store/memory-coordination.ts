import type { Coordination } from '../core/index.js';

interface Entry {
  token: string;
  total: number;
  expiresAt: number;
}

/**
 * Coordination inside one process (memory://, tests). Every method runs to completion without an
 * await in between, which is what makes it atomic on Node's single thread.
 */
export function createMemoryCoordination(now: () => number = Date.now): Coordination {
  const entries = new Map<string, Entry>();
  // A Map keeps insertion order: the least recently added member comes first.
  const sets = new Map<string, Map<string, string | undefined>>();
  let calls = 0;
  const live = (name: string): Entry | undefined => {
    // Claims that are never asked about again would pile up: sweep the expired ones now and then.
    if (++calls % SWEEP_EVERY_CALLS === 0) for (const [other, entry] of entries) if (entry.expiresAt <= now()) entries.delete(other);
    const entry = entries.get(name);
    if (entry && entry.expiresAt <= now()) entries.delete(name);
    return entry && entry.expiresAt > now() ? entry : undefined;
  };
  const add = (name: string, by: number, ttlMs: number) => {
    const entry = live(name) ?? { token: '', total: 0, expiresAt: now() + ttlMs };
    entry.total += by;
    entries.set(name, entry);
    return entry;
  };
  const acquire = async (name: string, token: string, ttlMs: number) => {
    if (live(name)) return false;
    entries.set(name, { token, total: 0, expiresAt: now() + ttlMs });
    return true;
  };
  return {
    acquire,
    async renew(name, token, ttlMs) {
      const entry = live(name);
      if (entry?.token !== token) return false;
      entry.expiresAt = now() + ttlMs;
      return true;
    },
    async release(name, token) {
      if (live(name)?.token !== token) return false;
      entries.delete(name);
      return true;
    },
    claim: (name, ttlMs) => acquire(name, '', ttlMs),
    claimAll: (names, ttlMs) => Promise.all(names.map((name) => acquire(name, '', ttlMs))),
    async increment(name, by, ttlMs) {
      const entry = add(name, by, ttlMs);
      return { total: entry.total, expiresInMs: entry.expiresAt - now() };
    },
    counter: async (name) => live(name)?.total ?? 0,
    async incrementAll(additions) {
      for (const { name, by, ttlMs } of additions) add(name, by, ttlMs);
    },
    counters: async (names) => names.map((name) => live(name)?.total ?? 0),
    async addMember(set, member, max, value) {
      const members = sets.get(set) ?? new Map<string, string | undefined>();
      // Deleted first, so a refreshed member moves to the end of the insertion order.
      members.delete(member);
      members.set(member, value);
      while (members.size > max) members.delete(members.keys().next().value as string);
      sets.set(set, members);
    },
    members: async (set) => [...(sets.get(set)?.keys() ?? [])],
    async moveMember(set, from, to) {
      const members = sets.get(set);
      if (!members?.has(from)) return undefined;
      const value = members.get(from);
      members.delete(from);
      members.delete(to);
      members.set(to, value);
      return { value };
    },
    async removeMembers(set, members) {
      for (const member of members) sets.get(set)?.delete(member);
    },
    ping: async () => undefined,
    close: async () => undefined,
  };
}

// A sweep is a walk over every entry; once per this many calls keeps its cost per call negligible.
const SWEEP_EVERY_CALLS = 1024;
