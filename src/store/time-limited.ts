/** Every store call gets this long; a frozen store then costs a person seconds, not a silent minute. */
export const STORE_CALL_TIMEOUT_MS = 3_000;

/** A store call that did not answer within its time limit (the core reports it as StoreUnavailable). */
export class StoreTimeout extends Error {
  constructor(
    readonly method: string,
    readonly ms: number,
    /** True when the call was not sent at all, because the store had just stopped answering. */
    readonly failedFast = false,
  ) {
    super(failedFast ? `the store stopped answering (a call did not answer within ${ms} ms); ${method} was not sent` : `the store did not answer ${method} within ${ms} ms`);
    this.name = 'StoreTimeout';
  }
}

// How long a call waits, once the store has stopped answering, for a call still pending to succeed
// before failing without being sent: SQLite's busy handler notices a released lock within 100 ms,
// and a turn's few calls after the first timeout then cost about a second more in all.
const STALLED_WAIT_MS = 500;

/**
 * What the ports of one connection share about whether the store answers. A turn makes several store
 * calls in a row (delivery claims, the lease, the history), and a frozen store would make each of
 * them wait out the time limit: three calls, nine seconds before the person hears anything. So once
 * a call has timed out, a new call waits briefly for any pending call to succeed (the store is back:
 * it goes ahead) and otherwise fails without being sent; one call per time limit still goes through
 * to see whether the store is back. Any call that succeeds, even one that timed out, shows it is.
 */
export class StoreResponsiveness {
  #nextTryAt: number | undefined;
  #answered: Promise<void> = Promise.resolve();
  #onAnswer: () => void = () => undefined;

  constructor(
    readonly ms: number,
    readonly now: () => number = Date.now,
    readonly stalledWaitMs = Math.min(STALLED_WAIT_MS, ms),
  ) {}

  /** True (at once, the usual case) or a promise of it when this call may go to the store; false when it should fail unsent. */
  admit(): true | Promise<boolean> {
    if (this.#nextTryAt === undefined) return true;
    if (this.now() >= this.#nextTryAt) {
      // This call looks whether the store is back; the others wait for its verdict (or its time limit).
      this.#nextTryAt = this.now() + this.ms;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.stalledWaitMs)));
    return Promise.race([this.#answered.then(() => true), gaveUp]).finally(() => clearTimeout(timer));
  }

  /** A call succeeded: the store answers. */
  answered(): void {
    if (this.#nextTryAt === undefined) return;
    this.#nextTryAt = undefined;
    this.#onAnswer();
  }

  /** A call timed out: the store is taken as not answering until a call succeeds. */
  timedOut(): void {
    if (this.#nextTryAt === undefined) this.#answered = new Promise<void>((resolve) => (this.#onAnswer = resolve));
    this.#nextTryAt = Math.max(this.#nextTryAt ?? 0, this.now() + this.ms);
  }
}

/**
 * Wraps every method of a store port so its promise rejects with StoreTimeout after `ms`, or without
 * the call being sent while `responsiveness` says the store has stopped answering. A call that timed
 * out may still finish later; the fenced commit makes a late commit harmless (its revision no longer
 * matches anything a newer turn builds on), and a late lease is released (ConversationLocks).
 */
export function timeLimited<T extends object>(port: T, ms: number, responsiveness = new StoreResponsiveness(ms)): T {
  const limited = {} as Record<string, unknown>;
  for (const name of Object.keys(port) as Array<keyof T & string>) {
    const member = port[name];
    if (typeof member !== 'function') {
      limited[name] = member;
      continue;
    }
    const send = (args: unknown[]) => {
      const call = (member as (...a: unknown[]) => Promise<unknown>).apply(port, args);
      // Only an answer shows the store is back: a client library's own failure (a pool that gave up
      // connecting, a dropped socket) rejects without the server having said anything.
      call.then(
        () => responsiveness.answered(),
        () => undefined,
      );
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          responsiveness.timedOut();
          reject(new StoreTimeout(name, ms));
        }, ms);
      });
      return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
    };
    limited[name] = (...args: unknown[]) => {
      const admitted = responsiveness.admit();
      if (admitted === true) return send(args);
      return admitted.then((go) => (go ? send(args) : Promise.reject(new StoreTimeout(name, ms, true))));
    };
  }
  return limited as T;
}
