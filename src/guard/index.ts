// Who may use the bot, how often, and how much: the TurnGuard the core consults around every turn.
import { RateLimited, conversationKey, userScopeId, type Coordination, type IncomingMessage, type TurnGuard } from '../core/index.js';
import { createAccessPolicy } from './access-policy.js';
import { RateLimiter } from './rate-limiter.js';
import { TokenBudget } from './token-budget.js';

export { createAccessPolicy, type AccessLists, type AccessPolicy, type AccessPolicyConfig } from './access-policy.js';
export { RateLimiter, RATE_WINDOW_MS } from './rate-limiter.js';
export { TokenBudget } from './token-budget.js';

/** The settings the guard reads, named as in the environment so a parsed Config fits as it is. */
export interface GuardSettings {
  /** Messages per sender per minute; 0 turns the limit off. */
  RATE_LIMIT_PER_MINUTE: number;
  /** Price-weighted tokens per sender per UTC day (a cache read counts 0.1); 0 turns the budget off. */
  DAILY_TOKEN_BUDGET: number;
  /** Estimated US dollars per sender per UTC day; 0 turns it off. */
  DAILY_COST_BUDGET_USD: number;
  ALLOW_USERS: readonly string[];
  DENY_USERS: readonly string[];
  ALLOW_CHANNELS: readonly string[];
  DENY_CHANNELS: readonly string[];
  ALLOW_WORKSPACES: readonly string[];
  DENY_WORKSPACES: readonly string[];
}

/** Where the guard keeps its state: shared counters, for the daily budget (the usage ledger's) and the rate limit. */
export interface GuardStores {
  coordination: Coordination;
}

/**
 * Builds the guard: access lists first (no state), then the daily budget (one read of the usage
 * ledger's counters, only when set), then the rate limit (one atomic increment of a counter), so a
 * refused message never uses up a rate-limit slot. Both counters live in the shared store, so they
 * hold across every process on it.
 * Counters are per platform + workspace + user ({@link userScopeId}).
 */
export function createTurnGuard(settings: GuardSettings, stores: GuardStores, now: () => Date = () => new Date()): TurnGuard {
  const policy = createAccessPolicy({
    allow: { users: settings.ALLOW_USERS, channels: settings.ALLOW_CHANNELS, workspaces: settings.ALLOW_WORKSPACES },
    deny: { users: settings.DENY_USERS, channels: settings.DENY_CHANNELS, workspaces: settings.DENY_WORKSPACES },
  });
  const limiter = settings.RATE_LIMIT_PER_MINUTE > 0 ? new RateLimiter(stores.coordination, settings.RATE_LIMIT_PER_MINUTE) : undefined;
  const budgeted = settings.DAILY_TOKEN_BUDGET > 0 || settings.DAILY_COST_BUDGET_USD > 0;
  const budget = budgeted ? new TokenBudget(stores.coordination, settings.DAILY_TOKEN_BUDGET, now, settings.DAILY_COST_BUDGET_USD) : undefined;
  const sender = (message: IncomingMessage) => userScopeId(conversationKey(message.address), message.address.userId);
  return {
    async admit(message) {
      policy.check(message);
      await budget?.check(sender(message));
      const waitMs = await limiter?.take(sender(message));
      if (waitMs !== undefined) throw new RateLimited(waitMs, settings.RATE_LIMIT_PER_MINUTE);
    },
    // The core's usage ledger records every turn's usage; the budget reads it there.
    async record() {},
  };
}
