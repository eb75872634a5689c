// Acknowledged means durable: a message Parley told its platform it received is kept in the store until
// it is answered, so a process that dies with it (kill -9, a lost box) does not take it along.
import { randomUUID } from 'node:crypto';
import type { ConversationStore } from './conversation-store.js';
import type { Coordination } from './coordination.js';
import type { Logger } from './logger.js';
import { Metric, type Metrics } from './metrics.js';
import { storeCall } from './store-call.js';
import { resendLine } from './user-messages.js';

/** What a recovered message's handler is asked to do with it. */
export interface PendingRecovery {
  /** When this process (or the one that died) took the message from its platform. */
  receivedAt: Date;
  /**
   * `answer`: answer it now, with `recovered` set on the IncomingMessage (the reply then notes that an
   * earlier reply may have been cut off). `resend`: it is older than the age limit; post `line`, which
   * asks the person to send it again.
   */
  action: 'answer' | 'resend';
  /** For `resend`: the line to post in the message's place. */
  line: string;
}

/** Answers (or asks again for) one message a dead process had acknowledged; `payload` is what the adapter held. */
export type PendingHandler<P = unknown> = (payload: P, recovery: PendingRecovery) => Promise<void>;

/** A held message: settle it once it is answered (or the person was told why not). */
export interface PendingHold {
  /** Deletes the record; a failure is logged, and the record then expires by itself. */
  settle(): Promise<void>;
}

/** Timings of pending messages. */
export interface PendingSettings {
  /** PENDING_MAX_AGE_MS: a recovered message younger than this is answered, an older one gets "send it again". */
  maxAgeMs?: number;
  /** How long a dead process keeps its messages before others take them: the lease TTL (LEASE_TTL_MS). */
  ownerTtlMs?: number;
  /** Where recovered messages are counted (recovered_messages). */
  metrics?: Metrics;
  now?: () => number;
}

/** The stored record of a pending message. */
interface PendingRecord {
  platform: string;
  receivedAt: string;
  owner: string;
  payload: unknown;
}

/**
 * PENDING_MAX_AGE_MS's default, ten minutes. An answer a few minutes late is still an answer to a question
 * the person is waiting for (a crashed box is usually back within a minute or two); past ten minutes they
 * have likely moved on or asked again, and a reply to an old message, out of order in the thread, would
 * confuse more than help.
 */
export const DEFAULT_PENDING_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_OWNER_TTL_MS = 30_000;
// One set holds every in-flight message of every process; a member is `owner id`, so a sweep sees whose
// messages are whose from one read. Far above any number of turns in flight at once, it only guards memory.
const PENDING_SET = 'pending-messages';
const PENDING_SET_MAX = 100_000;
// A record no process took within a day (every process down that long) is dropped: asking someone to
// resend a day-old message is noise.
const RECORD_TTL_MS = 24 * 60 * 60_000;

const recordName = (id: string) => `pending:${id}`;
const ownerLease = (owner: string) => `process:${owner}`;
const memberOf = (owner: string, id: string) => `${owner} ${id}`;
const parseMember = (member: string) => {
  const space = member.indexOf(' ');
  return space > 0 ? { owner: member.slice(0, space), id: member.slice(space + 1) } : undefined;
};

/**
 * Holds acknowledged messages in the store (a record and a set member, both written before the
 * acknowledgement where the platform allows it, both deleted once answered) and gives the messages of
 * dead processes to live ones. Each process holds a lease on its own id; its messages are taken only
 * once that lease lapsed, and taking them is itself a lease acquisition, so one process wins them.
 */
export class PendingMessages {
  /** This process's id in the store; a new one each start, so a restarted process takes its old messages like any other. */
  readonly owner = randomUUID();
  readonly #handlers = new Map<string, PendingHandler>();
  readonly #maxAgeMs: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #metrics: Metrics | undefined;
  readonly #running = new Set<Promise<void>>();
  #alive: Promise<boolean> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #renewal: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | undefined;
  #closed = false;

  constructor(
    readonly store: ConversationStore,
    readonly coordination: Coordination,
    readonly logger: Logger,
    settings: PendingSettings = {},
  ) {
    this.#maxAgeMs = settings.maxAgeMs ?? DEFAULT_PENDING_MAX_AGE_MS;
    this.#ttlMs = settings.ownerTtlMs ?? DEFAULT_OWNER_TTL_MS;
    this.#now = settings.now ?? Date.now;
    this.#metrics = settings.metrics;
  }

  /** Records message `id` (a platform delivery id) for `platform`, with what its adapter needs to answer it again. */
  async hold(platform: string, id: string, payload: unknown): Promise<PendingHold> {
    await this.#stayAlive();
    const record: PendingRecord = { platform, receivedAt: new Date(this.#now()).toISOString(), owner: this.owner, payload };
    // Both at once: a sweep reads the record only for a dead owner's member, so neither order can race it.
    await storeCall('record the message', () =>
      Promise.all([this.store.writeRecord(recordName(id), record, RECORD_TTL_MS), this.coordination.addMember(PENDING_SET, memberOf(this.owner, id), PENDING_SET_MAX)]),
    );
    return { settle: () => this.#settle(this.owner, id) };
  }

  /** Starts answering `platform`'s messages that dead processes held: a sweep now, then one every third of the lease TTL. */
  handle<P>(platform: string, handler: PendingHandler<P>): void {
    this.#handlers.set(platform, handler as PendingHandler);
    if (!this.#timer && !this.#closed) {
      this.#timer = setInterval(() => void this.sweep().catch((error: unknown) => this.logger.warn('pending.sweep_failed', { error })), Math.max(1, Math.floor(this.#ttlMs / 3)));
      this.#timer.unref();
    }
    void this.sweep().catch((error: unknown) => this.logger.warn('pending.sweep_failed', { error }));
  }

  /**
   * Takes the messages of processes whose lease lapsed and hands each to its platform's handler
   * (without waiting for the answers). Resolves with how many were taken.
   */
  sweep(): Promise<number> {
    // One sweep at a time in a process: a slow store must not stack them up.
    this.#sweeping ??= this.#sweepOnce().finally(() => (this.#sweeping = undefined));
    return this.#sweeping;
  }

  /** Stops sweeping and renewing, waits for recovered messages being answered, and frees this process's lease. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearInterval(this.#renewal);
    await this.#sweeping?.catch(() => undefined);
    await Promise.allSettled([...this.#running]);
    if (await this.#alive?.catch(() => false)) await this.coordination.release(ownerLease(this.owner), this.owner).catch(() => undefined);
  }

  /** Takes this process's own lease (once), which tells other processes it is alive, and keeps renewing it. */
  #stayAlive(): Promise<boolean> {
    const lease = ownerLease(this.owner);
    // A store that failed the first attempt is asked again by the next hold or sweep.
    this.#alive ??= this.coordination.acquire(lease, this.owner, this.#ttlMs).catch((error: unknown) => {
      this.#alive = undefined;
      throw error;
    });
    if (!this.#renewal) {
      this.#renewal = setInterval(() => void this.#renew(lease), Math.max(1, Math.floor(this.#ttlMs / 3)));
      this.#renewal.unref();
    }
    return this.#alive;
  }

  async #renew(lease: string): Promise<void> {
    try {
      const held = (await this.coordination.renew(lease, this.owner, this.#ttlMs)) || (await this.coordination.acquire(lease, this.owner, this.#ttlMs));
      // Another process took this one's messages while its lease had lapsed (a frozen event loop, a store
      // outage longer than the TTL): those may now be answered twice. Nothing better is possible without the lease.
      if (!held) this.logger.warn('pending.messages_taken_over', { owner: this.owner });
    } catch (error) {
      this.logger.warn('pending.lease_renewal_failed', { error });
    }
  }

  async #sweepOnce(): Promise<number> {
    if (this.#closed || this.#handlers.size === 0) return 0;
    await this.#stayAlive();
    const byOwner = new Map<string, string[]>();
    for (const member of await this.coordination.members(PENDING_SET)) {
      const parsed = parseMember(member);
      if (!parsed || parsed.owner === this.owner) continue;
      const ids = byOwner.get(parsed.owner);
      if (ids) ids.push(parsed.id);
      else byOwner.set(parsed.owner, [parsed.id]);
    }
    let taken = 0;
    for (const [owner, ids] of byOwner) {
      // The atomic step: a lapsed lease is acquired by exactly one process. It is not renewed: by the
      // time it lapses again every record below names its new owner, whose own lease then counts.
      if (!(await this.coordination.acquire(ownerLease(owner), `taken-by:${this.owner}`, this.#ttlMs))) continue;
      // Answered one after another in the order they arrived (the set keeps it), as the dead process would have.
      let previous: Promise<void> = Promise.resolve();
      for (const id of ids) {
        const next = await this.#take(owner, id, previous);
        if (next) {
          previous = next.answered;
          taken++;
        }
      }
    }
    return taken;
  }

  /**
   * Moves one dead owner's message to this process and runs its handler once `after` settled; resolves
   * (without waiting for it) with the answer under way, or undefined when there was nothing to take.
   */
  async #take(deadOwner: string, id: string, after: Promise<void>): Promise<{ answered: Promise<void> } | undefined> {
    const record = await this.store.readRecord<PendingRecord>(recordName(id));
    const handler = record ? this.#handlers.get(record.platform) : undefined;
    if (!record || record.owner !== deadOwner) {
      // Settled (or expired) before the owner died, or already moved on: only the member is left.
      await this.coordination.removeMembers(PENDING_SET, [memberOf(deadOwner, id)]);
      return undefined;
    }
    // Another platform's message (a Slack-only process sweeping a Discord one): its own processes take it
    // once the lease acquired above lapses in turn.
    if (!handler) return undefined;
    // In this order, a death at any step leaves a member whose record names its owner: the new member
    // first (a record still naming the dead owner makes later sweeps drop it), then the record, then the old member.
    await this.coordination.addMember(PENDING_SET, memberOf(this.owner, id), PENDING_SET_MAX);
    await this.store.writeRecord(recordName(id), { ...record, owner: this.owner }, RECORD_TTL_MS);
    await this.coordination.removeMembers(PENDING_SET, [memberOf(deadOwner, id)]);
    const receivedAt = new Date(record.receivedAt);
    const late = this.#now() - receivedAt.getTime() > this.#maxAgeMs;
    const action = late ? 'resend' : 'answer';
    this.logger.info('pending.recovered', { platform: record.platform, action, ageMs: this.#now() - receivedAt.getTime() });
    this.#metrics?.increment(Metric.recoveredMessages, 1, { platform: record.platform, action });
    const running = after
      .then(() => handler(record.payload, { receivedAt, action, line: resendLine(receivedAt) }))
      .catch((error: unknown) => this.logger.warn('pending.recovery_failed', { platform: record.platform, error }))
      .finally(() => this.#settle(this.owner, id));
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
    return { answered: running };
  }

  async #settle(owner: string, id: string): Promise<void> {
    await Promise.all([this.coordination.removeMembers(PENDING_SET, [memberOf(owner, id)]), this.store.deleteRecord(recordName(id))]).catch((error: unknown) =>
      this.logger.warn('pending.settle_failed', { error }),
    );
  }
}
