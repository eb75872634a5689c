/**
 * What several Parley processes on one store agree through: leases, claims, counters and bounded
 * sets. Each operation is one atomic step in the store (one statement, one Lua script), so two
 * processes racing for the same name get one winner. Kept apart from the ConversationStore because
 * it is a second job: histories are data, these are the rules for who may touch them and how often.
 */
export interface Coordination {
  /** Takes the lease `name` for `token` if it is free or its holder let it lapse; true when `token` now holds it. */
  acquire(name: string, token: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease `token` still holds; false when it lapsed or another token holds it now. */
  renew(name: string, token: string, ttlMs: number): Promise<boolean>;
  /** Frees the lease only if `token` holds it (a late release never frees someone else's lease). */
  release(name: string, token: string): Promise<boolean>;
  /** Set-if-absent with a time to live: true the first time `name` is claimed within `ttlMs`. */
  claim(name: string, ttlMs: number): Promise<boolean>;
  /**
   * Claims several names in one atomic step, each as {@link claim} does; answers in the order asked.
   * Names must differ. One round trip, so a delivery known by two ids (Slack's event id and its
   * message's channel + ts) is checked before its acknowledgement for the price of one.
   */
  claimAll(names: readonly string[], ttlMs: number): Promise<boolean[]>;
  /**
   * Adds `by` to a counter. An absent or expired counter starts afresh and expires `ttlMs` later;
   * adding never moves the expiry. Returns the new total and the time left before it expires.
   */
  increment(name: string, by: number, ttlMs: number): Promise<CounterValue>;
  /** A counter's total, 0 when absent or expired. */
  counter(name: string): Promise<number>;
  /**
   * Adds to several counters in one atomic step, each as {@link increment} does (an absent or
   * expired one starts afresh with its own `ttlMs`). Names must differ. One round trip, so a
   * record of many figures (a turn's usage by kind, by day and by month) costs one store call.
   */
  incrementAll(additions: readonly CounterAddition[]): Promise<void>;
  /** Several counters' totals in one read, in the order asked, 0 for absent or expired ones. */
  counters(names: readonly string[]): Promise<number[]>;
  /** Adds (or refreshes) a member of a bounded set; beyond `max` members the least recently added drop out. */
  addMember(set: string, member: string, max: number): Promise<void>;
  /** A set's members, least recently added first. */
  members(set: string): Promise<string[]>;
  /** Removes members from a set (absent ones are ignored). */
  removeMembers(set: string, members: readonly string[]): Promise<void>;
  /** Resolves when the store answers; the health check and start-up use it. */
  ping(): Promise<void>;
  /** Stops background work (expiry sweeps); the connection itself is closed with the store. */
  close(): Promise<void>;
}

/** One addition of {@link Coordination.incrementAll}. */
export interface CounterAddition {
  name: string;
  /** A whole number: counters are integers in every store. */
  by: number;
  ttlMs: number;
}

/** A counter after {@link Coordination.increment}. */
export interface CounterValue {
  total: number;
  /** Milliseconds until the counter expires and starts again from zero. */
  expiresInMs: number;
}
