import type { Usage } from './types.js';

/**
 * One line of usage by kind, as /export and /usage show it:
 * `12 input · 340 cache write · 4100 cache read · 230 output tokens · ≈ $0.0041`.
 */
export function usageText(usage: Usage): string {
  const tokens = `${usage.inputTokens} input · ${usage.cacheWriteTokens ?? 0} cache write · ${usage.cacheReadTokens ?? 0} cache read · ${usage.outputTokens} output tokens`;
  return usage.costUsd === undefined ? `${tokens} · cost unknown` : `${tokens} · ≈ ${dollars(usage.costUsd)}`;
}

/** Dollars with enough digits that a single cheap turn does not read as $0.00. */
export function dollars(amount: number): string {
  return `$${amount >= 1 ? amount.toFixed(2) : amount.toFixed(4)}`;
}
