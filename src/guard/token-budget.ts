import { BudgetExhausted, storeCall, type Coordination } from '../core/index.js';

const DAY_MS = 24 * 60 * 60_000;
// Counters outlive their day by an hour, so a clock a little behind never reads a fresh zero.
const RECORD_GRACE_MS = 60 * 60_000;

/**
 * A daily token budget per sender: one shared counter per sender and UTC day (what the user message
 * promises: "resets at midnight UTC"), added to atomically, so turns finishing together on several
 * processes all count. Each day's counter expires on its own. The check runs before a turn, so the
 * turn that crosses the line still finishes.
 */
export class TokenBudget {
  constructor(
    readonly coordination: Coordination,
    readonly dailyTokens: number,
    readonly now: () => Date,
  ) {}

  /** Throws BudgetExhausted when the sender has used today's budget. */
  async check(id: string): Promise<void> {
    const spent = await this.spentToday(id);
    if (spent >= this.dailyTokens) throw new BudgetExhausted(this.dailyTokens);
  }

  /** Tokens the sender used today. */
  spentToday(id: string): Promise<number> {
    return storeCall('read a token budget', () => this.coordination.counter(this.#counterName(id, this.now())));
  }

  /** Adds a turn's tokens to today's total. */
  async spend(id: string, tokens: number): Promise<void> {
    const at = this.now();
    const nextMidnight = (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS;
    await storeCall('save a token budget', () => this.coordination.increment(this.#counterName(id, at), tokens, nextMidnight - at.getTime() + RECORD_GRACE_MS));
  }

  #counterName(id: string, at: Date): string {
    return `budget:${at.toISOString().slice(0, 10)}:${id}`;
  }
}
