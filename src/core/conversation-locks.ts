import { randomUUID } from 'node:crypto';
import type { Coordination } from './coordination.js';
import { ConversationBusy } from './errors.js';
import { KeyedQueue } from './keyed-queue.js';
import type { Logger } from './logger.js';
import { storeCall } from './store-call.js';

/** Lease timings; the defaults suit chat turns. */
export interface LeaseSettings {
  /** How long a lease lasts without renewal: how long a conversation waits after its process died. */
  ttlMs?: number;
  /** How long a message waits for another process to finish the conversation's turn before the person is told. */
  maxWaitMs?: number;
}

// 30 s: a crashed process holds a conversation at most this long, and renewing every 10 s leaves two
// missed renewals of slack for a busy event loop or a slow store before the lease can lapse.
const DEFAULT_LEASE_TTL_MS = 30_000;
// A queued message waits for other processes' turns up to five minutes (several model turns with tool
// rounds) before the person is asked to send again; it is never dropped silently.
const DEFAULT_MAX_WAIT_MS = 5 * 60_000;
// Polling for a lease another process holds starts fast (a turn often ends in a few hundred ms)
// and backs off, so a long wait costs a handful of store reads a second at most.
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 250;
// After an acquire that failed (the store did not answer), how often its possible late landing is
// released: a few small calls a second at most, for at most one lease TTL.
const LATE_RELEASE_EVERY_MS = 1_000;

/**
 * One turn at a time per conversation, across every process on the store. Within a process a FIFO
 * per key keeps arrival order (and keeps a process from polling against itself); the store lease is
 * the authority between processes. The lease is renewed while the work runs and released by token.
 */
export class ConversationLocks {
  readonly #local = new KeyedQueue();
  readonly #ttlMs: number;
  readonly #maxWaitMs: number;

  constructor(
    readonly coordination: Coordination,
    readonly logger: Logger,
    settings: LeaseSettings = {},
  ) {
    this.#ttlMs = settings.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.#maxWaitMs = settings.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  }

  /** Runs `task` holding the conversation's lease, after every earlier task of this key in this process. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.#local.run(key, async () => {
      const name = `lease:${key}`;
      const token = randomUUID();
      await this.#acquire(name, token);
      const renewal = setInterval(() => void this.#renew(name, token), Math.max(1, Math.floor(this.#ttlMs / 3)));
      renewal.unref();
      try {
        return await task();
      } finally {
        clearInterval(renewal);
        // A failed release is not the turn's failure: the lease lapses by itself within ttlMs.
        await this.coordination.release(name, token).catch((error: unknown) => this.logger.warn('lease.release_failed', { error }));
      }
    });
  }

  /** Keys with queued or running work in this process. */
  get activeKeys(): number {
    return this.#local.activeKeys;
  }

  /** Resolves when every task queued in this process so far has settled. */
  drain(): Promise<void> {
    return this.#local.drain();
  }

  async #acquire(name: string, token: string): Promise<void> {
    const deadline = Date.now() + this.#maxWaitMs;
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(MAX_POLL_MS, pollMs * 2)) {
      let acquired: boolean;
      try {
        acquired = await storeCall('take the conversation lease', () => this.coordination.acquire(name, token, this.#ttlMs));
      } catch (error) {
        this.#releaseIfLanded(name, token);
        throw error;
      }
      if (acquired) return;
      if (Date.now() + pollMs > deadline) throw new ConversationBusy(this.#maxWaitMs);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * An acquire that timed out may still reach the store once it answers again, leaving a lease that
   * nobody renews or releases: the conversation would wait a whole TTL for it to lapse. So the token
   * is released until a release frees it or the TTL has passed (a release of a lease the token does
   * not hold changes nothing). On a pooled connection the late acquire may land after a first
   * release, hence more than one try.
   */
  #releaseIfLanded(name: string, token: string): void {
    const until = Date.now() + this.#ttlMs;
    const attempt = () => {
      if (Date.now() > until) return;
      this.coordination.release(name, token).then((freed) => {
        if (freed) this.logger.info('lease.late_acquire_released', { lease: this.logger.pseudonym(name) });
        else later();
      }, later);
    };
    const later = () => void setTimeout(attempt, LATE_RELEASE_EVERY_MS).unref();
    later();
  }

  async #renew(name: string, token: string): Promise<void> {
    // A lost lease is logged; the fenced commit is what keeps a turn that outlived it from overwriting anyone.
    const renewed = await this.coordination.renew(name, token, this.#ttlMs).catch(() => false);
    if (!renewed) this.logger.warn('lease.lost', { lease: this.logger.pseudonym(name) });
  }
}
