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
  /**
   * Adds (or refreshes) a member of a bounded set; beyond `max` members the least recently added drop out.
   * `value`, when given, is kept with the member (replacing an earlier one; a member added without one
   * carries none), so a record and its place in an index are written, moved and deleted as one: the
   * pending messages' set costs one store call a message where a record beside it cost two.
   */
  addMember(set: string, member: string, max: number, value?: string): Promise<void>;
  /** A set's members, least recently added first. */
  members(set: string): Promise<string[]>;
  /**
   * Renames member `from` to `to` in one atomic step, keeping its value; `to` becomes the most recently
   * added (an earlier member `to` is replaced). Resolves with what `from` carried, or undefined when it
   * was not a member: of processes moving one member at once, exactly one gets it.
   */
  moveMember(set: string, from: string, to: string): Promise<MovedMember | undefined>;
  /** Removes members, and the values they carry, from a set (absent ones are ignored). */
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

/** A member {@link Coordination.moveMember} moved. */
export interface MovedMember {
  /** The value it was added with; undefined when it had none. */
  value: string | undefined;
}
