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

/** A held message, as the value of its member. */
interface HeldMessage {
  receivedAt: string;
  payload: unknown;
}

/** The record of a message held by a version before members carried values (see LEGACY_SET). */
interface LegacyRecord extends HeldMessage {
  platform: string;
  owner: string;
}

/** A message moved to this process, to be answered and then settled. */
interface Taken {
  platform: string;
  receivedAt: Date;
  payload: unknown;
  settle(): Promise<void>;
}

/**
 * PENDING_MAX_AGE_MS's default, ten minutes. An answer a few minutes late is still an answer to a question
 * the person is waiting for (a crashed box is usually back within a minute or two); past ten minutes they
 * have likely moved on or asked again, and a reply to an old message, out of order in the thread, would
 * confuse more than help.
 */
export const DEFAULT_PENDING_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_OWNER_TTL_MS = 30_000;
// One set holds every in-flight message of every process: a member is `owner platform id`, so a sweep sees
// whose messages are whose, and which platform can answer them, from one read; its value is the message.
// Record and index in one: holding, moving and settling a message is one store call each.
const HELD_SET = 'held-messages';
// Versions before members carried values held a message as a record `pending:<id>` (naming its owner)
// plus a member `owner id` of this set. Such messages, left by a process that died before or during an
// upgrade, are still swept and taken in that form; new ones never go there. A set of its own because an
// older process sweeping finds no record for a member written the new way, and would drop it.
const LEGACY_SET = 'pending-messages';
// Far above any number of turns in flight at once, it only guards memory.
const PENDING_SET_MAX = 100_000;
// A message no process took within a day (every process down that long) is dropped: asking someone to
// resend a day-old message is noise.
const RECORD_TTL_MS = 24 * 60 * 60_000;

const heldMember = (owner: string, platform: string, id: string) => `${owner} ${platform} ${id}`;
const parseHeld = (member: string) => {
  const [owner, platform, ...id] = member.split(' ');
  return owner && platform && id.length > 0 ? { owner, platform, id: id.join(' ') } : undefined;
};
const recordName = (id: string) => `pending:${id}`;
const ownerLease = (owner: string) => `process:${owner}`;
const legacyMember = (owner: string, id: string) => `${owner} ${id}`;
const parseLegacy = (member: string) => {
  const space = member.indexOf(' ');
  return space > 0 ? { owner: member.slice(0, space), id: member.slice(space + 1) } : undefined;
};

function heldMessage(value: string | undefined): HeldMessage | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<HeldMessage>;
    return typeof parsed.receivedAt === 'string' ? { receivedAt: parsed.receivedAt, payload: parsed.payload } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Holds acknowledged messages in the store (a set member carrying the message, written before the
 * acknowledgement where the platform allows it, deleted once answered) and gives the messages of dead
 * processes to live ones. Each process holds a lease on its own id; its messages are taken only once
 * that lease lapsed, and taking them is itself a lease acquisition, so one process wins them.
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

  /** Records message `id` (a platform delivery id) for `platform` (a name without spaces), with what its adapter needs to answer it again. */
  async hold(platform: string, id: string, payload: unknown): Promise<PendingHold> {
    if (platform.includes(' ')) throw new Error(`platform "${platform}" has a space`);
    await this.#stayAlive();
    const member = heldMember(this.owner, platform, id);
    const message: HeldMessage = { receivedAt: new Date(this.#now()).toISOString(), payload };
    await storeCall('record the message', () => this.coordination.addMember(HELD_SET, member, PENDING_SET_MAX, JSON.stringify(message)));
    return { settle: () => this.#settle(HELD_SET, member) };
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
    const [legacy, held] = await Promise.all([this.coordination.members(LEGACY_SET), this.coordination.members(HELD_SET)]);
    // Per dead owner, in the order its messages arrived (the sets keep it; legacy ones are older).
    const byOwner = new Map<string, Array<() => Promise<Taken | undefined>>>();
    const add = (owner: string, take: () => Promise<Taken | undefined>) => {
      const takes = byOwner.get(owner);
      if (takes) takes.push(take);
      else byOwner.set(owner, [take]);
    };
    for (const member of legacy) {
      const parsed = parseLegacy(member);
      if (parsed && parsed.owner !== this.owner) add(parsed.owner, () => this.#takeLegacy(parsed.owner, parsed.id));
    }
    for (const member of held) {
      const parsed = parseHeld(member);
      // Another platform's message (a Slack-only process sweeping a Discord one) is left to its own processes.
      if (parsed && parsed.owner !== this.owner && this.#handlers.has(parsed.platform)) add(parsed.owner, () => this.#take(member, parsed.platform, parsed.id));
    }
    let taken = 0;
    for (const [owner, takes] of byOwner) {
      // The atomic step: a lapsed lease is acquired by exactly one process. It is not renewed: by the
      // time it lapses again every message below is this process's.
      if (!(await this.coordination.acquire(ownerLease(owner), `taken-by:${this.owner}`, this.#ttlMs))) continue;
      // Answered one after another, as the dead process would have.
      let previous: Promise<void> = Promise.resolve();
      for (const take of takes) {
        const message = await take();
        if (message) {
          previous = this.#answer(message, previous);
          taken++;
        }
      }
    }
    return taken;
  }

  /**
   * Moves a dead owner's message to this process: one atomic rename, so a death at any point leaves it
   * with exactly one owner. Undefined when it was settled meanwhile (or is a day old, and dropped).
   */
  async #take(deadMember: string, platform: string, id: string): Promise<Taken | undefined> {
    const member = heldMember(this.owner, platform, id);
    const moved = await this.coordination.moveMember(HELD_SET, deadMember, member);
    if (!moved) return undefined;
    const settle = () => this.#settle(HELD_SET, member);
    const message = heldMessage(moved.value);
    if (!message || this.#now() - Date.parse(message.receivedAt) > RECORD_TTL_MS) {
      if (!message) this.logger.warn('pending.unreadable', { platform });
      await settle();
      return undefined;
    }
    return { platform, receivedAt: new Date(message.receivedAt), payload: message.payload, settle };
  }

  /** {@link #take} for a message held the way versions before member values did (see LEGACY_SET). */
  async #takeLegacy(deadOwner: string, id: string): Promise<Taken | undefined> {
    const record = await this.store.readRecord<LegacyRecord>(recordName(id));
    if (!record || record.owner !== deadOwner) {
      // Settled (or expired) before the owner died, or already moved on: only the member is left.
      await this.coordination.removeMembers(LEGACY_SET, [legacyMember(deadOwner, id)]);
      return undefined;
    }
    // Another platform's message: its own processes take it once the lease acquired above lapses in turn.
    if (!this.#handlers.has(record.platform)) return undefined;
    // In this order, a death at any step leaves a member whose record names its owner: the new member
    // first (a record still naming the dead owner makes later sweeps drop it), then the record, then the old member.
    await this.coordination.addMember(LEGACY_SET, legacyMember(this.owner, id), PENDING_SET_MAX);
    await this.store.writeRecord(recordName(id), { ...record, owner: this.owner }, RECORD_TTL_MS);
    await this.coordination.removeMembers(LEGACY_SET, [legacyMember(deadOwner, id)]);
    const settle = async () => {
      await Promise.all([this.#settle(LEGACY_SET, legacyMember(this.owner, id)), this.#quietly(this.store.deleteRecord(recordName(id)))]);
    };
    return { platform: record.platform, receivedAt: new Date(record.receivedAt), payload: record.payload, settle };
  }

  /** Runs a taken message's handler once `after` settled, then settles it; resolves when that is done (never rejects). */
  #answer(message: Taken, after: Promise<void>): Promise<void> {
    const { platform, receivedAt } = message;
    const handler = this.#handlers.get(platform)!;
    const action = this.#now() - receivedAt.getTime() > this.#maxAgeMs ? 'resend' : 'answer';
    this.logger.info('pending.recovered', { platform, action, ageMs: this.#now() - receivedAt.getTime() });
    this.#metrics?.increment(Metric.recoveredMessages, 1, { platform, action });
    const running = after
      .then(() => handler(message.payload, { receivedAt, action, line: resendLine(receivedAt) }))
      .catch((error: unknown) => this.logger.warn('pending.recovery_failed', { platform, error }))
      .finally(() => message.settle());
    this.#running.add(running);
    void running.finally(() => this.#running.delete(running));
    return running;
  }

  #settle(set: string, member: string): Promise<void> {
    return this.#quietly(this.coordination.removeMembers(set, [member]));
  }

  // A message answered but not settled is only taken again after a crash (and its stored answer shown again): logged, never thrown.
  async #quietly(settling: Promise<unknown>): Promise<void> {
    await settling.catch((error: unknown) => this.logger.warn('pending.settle_failed', { error }));
  }
}
