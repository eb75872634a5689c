import { BudgetExhausted, StoreUnavailable, type ConversationStore } from '../core/index.js';

/** What a sender spent on one UTC day, as stored. */
interface DailySpend {
  tokens: number;
}

const DAY_MS = 24 * 60 * 60_000;
// Records outlive their day by an hour, so a clock a little behind never reads a fresh zero.
const RECORD_GRACE_MS = 60 * 60_000;

/**
 * A daily token budget per sender, kept in the store so it survives restarts. The day is the UTC
 * day (what the user message promises: "resets at midnight UTC"); each day's record expires on its own.
 * The check runs before a turn, so the turn that crosses the line still finishes.
 */
export class TokenBudget {
  // Spends of one sender are written one after another: two turns finishing together must both count.
  readonly #writes = new Map<string, Promise<void>>();

  constructor(
    readonly store: ConversationStore,
    readonly dailyTokens: number,
    readonly now: () => Date,
  ) {}

  /** Throws BudgetExhausted when the sender has used today's budget. */
  async check(id: string): Promise<void> {
    const spent = await this.spentToday(id);
    if (spent >= this.dailyTokens) throw new BudgetExhausted(this.dailyTokens);
  }

  /** Tokens the sender used today. */
  async spentToday(id: string): Promise<number> {
    const record = await this.#storeCall('read a token budget', () => this.store.readRecord<DailySpend>(this.#recordName(id, this.now())));
    return record?.tokens ?? 0;
  }

  /** Adds a turn's tokens to today's total. */
  spend(id: string, tokens: number): Promise<void> {
    const previous = this.#writes.get(id) ?? Promise.resolve();
    const write = previous.then(async () => {
      const at = this.now();
      const name = this.#recordName(id, at);
      const record = await this.#storeCall('read a token budget', () => this.store.readRecord<DailySpend>(name));
      const nextMidnight = (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS;
      await this.#storeCall('save a token budget', () =>
        this.store.writeRecord<DailySpend>(name, { tokens: (record?.tokens ?? 0) + tokens }, nextMidnight - at.getTime() + RECORD_GRACE_MS),
      );
    });
    const tail = write.catch(() => undefined);
    this.#writes.set(id, tail);
    void tail.then(() => {
      if (this.#writes.get(id) === tail) this.#writes.delete(id);
    });
    return write;
  }

  #recordName(id: string, at: Date): string {
    return `budget:${at.toISOString().slice(0, 10)}:${id}`;
  }

  async #storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new StoreUnavailable(`could not ${what}`, { cause: error });
    }
  }
}
