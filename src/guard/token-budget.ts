import { BudgetExhausted, KeyedQueue, storeCall, type ConversationStore } from '../core/index.js';

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
  readonly #writes = new KeyedQueue();

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
    const record = await storeCall('read a token budget', () => this.store.readRecord<DailySpend>(this.#recordName(id, this.now())));
    return record?.tokens ?? 0;
  }

  /** Adds a turn's tokens to today's total; one sender's additions run one after another. */
  spend(id: string, tokens: number): Promise<void> {
    return this.#writes.run(id, async () => {
      const at = this.now();
      const name = this.#recordName(id, at);
      const record = await storeCall('read a token budget', () => this.store.readRecord<DailySpend>(name));
      const nextMidnight = (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS;
      await storeCall('save a token budget', () =>
        this.store.writeRecord<DailySpend>(name, { tokens: (record?.tokens ?? 0) + tokens }, nextMidnight - at.getTime() + RECORD_GRACE_MS),
      );
    });
  }

  #recordName(id: string, at: Date): string {
    return `budget:${at.toISOString().slice(0, 10)}:${id}`;
  }
}
