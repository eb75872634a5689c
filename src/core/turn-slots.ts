/**
 * A bound on turns running at once across all conversations. Turns past it wait, in arrival order,
 * without using CPU, so a burst of messages cannot saturate the event loop: the HTTP server that must
 * acknowledge Slack's deliveries within 3 s keeps getting its turn. (Twelve lines; a dependency such as
 * p-limit would be one more package for the same thing.)
 */
export class TurnSlots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  /** `limit` turns at once; 0 means no bound. */
  constructor(readonly limit: number) {
    this.#free = limit;
  }

  /** Runs `work` once a slot is free, and frees it when `work` settles. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.limit <= 0) return work();
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }

  /** Turns waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }
}
