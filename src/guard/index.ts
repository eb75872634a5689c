// Who may use the bot, how often, and how much: the TurnGuard the core consults around every turn.
import { RateLimited, userScopeId, type Coordination, type IncomingMessage, type TurnGuard, type TurnResult } from '../core/index.js';
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
  /** Tokens per sender per UTC day; 0 turns the budget off. */
  DAILY_TOKEN_BUDGET: number;
  ALLOW_USERS: readonly string[];
  DENY_USERS: readonly string[];
  ALLOW_CHANNELS: readonly string[];
  DENY_CHANNELS: readonly string[];
  ALLOW_WORKSPACES: readonly string[];
  DENY_WORKSPACES: readonly string[];
}

/**
 * Builds the guard: access lists first (no state), then the daily budget (one store read, only when
 * set), then the rate limit (one atomic increment), so a refused message never uses up a rate-limit
 * slot. Counters are per platform + workspace + user ({@link userScopeId}) and live in the shared
 * store, so the limits hold across every process on it.
 */
export function createTurnGuard(settings: GuardSettings, coordination: Coordination, now: () => Date = () => new Date()): TurnGuard {
  const policy = createAccessPolicy({
    allow: { users: settings.ALLOW_USERS, channels: settings.ALLOW_CHANNELS, workspaces: settings.ALLOW_WORKSPACES },
    deny: { users: settings.DENY_USERS, channels: settings.DENY_CHANNELS, workspaces: settings.DENY_WORKSPACES },
  });
  const limiter = settings.RATE_LIMIT_PER_MINUTE > 0 ? new RateLimiter(coordination, settings.RATE_LIMIT_PER_MINUTE) : undefined;
  const budget = settings.DAILY_TOKEN_BUDGET > 0 ? new TokenBudget(coordination, settings.DAILY_TOKEN_BUDGET, now) : undefined;
  const sender = (message: IncomingMessage) => userScopeId(message.key, message.author.id);
  return {
    async admit(message) {
      policy.check(message);
      await budget?.check(sender(message));
      const waitMs = await limiter?.take(sender(message));
      if (waitMs !== undefined) throw new RateLimited(waitMs, settings.RATE_LIMIT_PER_MINUTE);
    },
    async record(message: IncomingMessage, result: TurnResult) {
      await budget?.spend(sender(message), result.usage.inputTokens + result.usage.outputTokens);
    },
  };
}
