import type { Usage } from './types.js';

/** A usage of nothing. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0, costUsd: 0 };
}

/**
 * The sum of two usages. Records written before the cache split lack the cache fields and the cost,
 * and count as 0 there; a cost stays unknown only when neither side has one.
 */
export function addUsage(a: Usage, b: Usage): Usage {
  const inputTokens = a.inputTokens + b.inputTokens;
  const cacheWriteTokens = (a.cacheWriteTokens ?? 0) + (b.cacheWriteTokens ?? 0);
  const cacheReadTokens = (a.cacheReadTokens ?? 0) + (b.cacheReadTokens ?? 0);
  const outputTokens = a.outputTokens + b.outputTokens;
  // Each shape in one literal: a field added afterwards moves the object's fields out of line (~40
  // more bytes), and cached windows hold a usage per turn and per head.
  if (a.costUsd === undefined && b.costUsd === undefined) return { inputTokens, cacheWriteTokens, cacheReadTokens, outputTokens };
  return { inputTokens, cacheWriteTokens, cacheReadTokens, outputTokens, costUsd: (a.costUsd ?? 0) + (b.costUsd ?? 0) };
}

/** Every input token of a usage, cached or not: what the request's prompt measured. */
export function totalInputTokens(usage: Usage): number {
  return usage.inputTokens + (usage.cacheWriteTokens ?? 0) + (usage.cacheReadTokens ?? 0);
}
