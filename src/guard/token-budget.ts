import { BudgetExhausted, UsageLedger, weightedTokens, type Coordination } from '../core/index.js';

/** The daily limits per sender; 0 turns a limit off. */
export interface DailyLimits {
  /** Tokens weighted by price relative to an uncached input token (a cache read counts 0.1). */
  tokens: number;
  /** Estimated US dollars. */
  costUsd: number;
}

/**
 * A daily budget per sender, read from the usage ledger the core writes after every turn (so the
 * cost of summarising a conversation counts too). The day is the UTC day, as the refusal promises
 * ("resets at midnight UTC"). The check runs before a turn, so the turn that crosses the line still
 * finishes. The ledger's counters are atomic in the shared store, so every process on it sees the
 * same total and a budget refuses at the same point however many processes answer the person.
 */
export class TokenBudget {
  readonly #ledger: UsageLedger;
  readonly limits: DailyLimits;

  constructor(coordination: Coordination, dailyTokens: number, now: () => Date, dailyCostUsd = 0) {
    this.#ledger = new UsageLedger(coordination, now);
    this.limits = { tokens: dailyTokens, costUsd: dailyCostUsd };
  }

  /** Throws BudgetExhausted when the sender has used today's budget. */
  async check(id: string): Promise<void> {
    const today = await this.#ledger.today(id);
    const overTokens = this.limits.tokens > 0 && weightedTokens(today) >= this.limits.tokens;
    const overCost = this.limits.costUsd > 0 && (today.costUsd ?? 0) >= this.limits.costUsd;
    if (overTokens || overCost) throw new BudgetExhausted(this.limits.tokens, overCost ? this.limits.costUsd : undefined);
  }

  /** Price-weighted tokens the sender used today. */
  async spentToday(id: string): Promise<number> {
    return weightedTokens(await this.#ledger.today(id));
  }
}
