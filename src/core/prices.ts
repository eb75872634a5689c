import type { Usage } from './types.js';

/** What a model's tokens cost, in US dollars per million tokens of each kind. */
export interface ModelPrice {
  input: number;
  output: number;
  /** A 5-minute cache write: 1.25 × input. */
  cacheWrite: number;
  /** A cache read: 0.1 × input. */
  cacheRead: number;
}

/** Anthropic's list prices as of PRICES_AS_OF, by model family; MODEL_PRICES overrides them. */
export const PRICES_AS_OF = '2026-12-01';

const perMillion = (input: number, output: number): ModelPrice => ({ input, output, cacheWrite: input * 1.25, cacheRead: input * 0.1 });

// First match wins: newer families before the older ones their names would also match.
const LIST_PRICES: ReadonlyArray<readonly [RegExp, ModelPrice]> = [
  [/opus-4-[5-9]|opus-[5-9]/, perMillion(5, 25)],
  [/opus/, perMillion(15, 75)],
  [/sonnet/, perMillion(3, 15)],
  [/haiku-4-5|haiku-[5-9]/, perMillion(1, 5)],
  [/haiku-3-5/, perMillion(0.8, 4)],
  [/haiku/, perMillion(0.25, 1.25)],
];

/** Prices by exact model id, from configuration; they win over the list prices. */
export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

/** The price of a model: an override for its exact id, else its family's list price, else undefined. */
export function priceFor(model: string, overrides: PriceOverrides = {}): ModelPrice | undefined {
  return overrides[model] ?? LIST_PRICES.find(([pattern]) => pattern.test(model))?.[1];
}

/** The cost of a usage at a price, in US dollars. */
export function costOf(usage: Usage, price: ModelPrice): number {
  const dollars =
    usage.inputTokens * price.input +
    (usage.cacheWriteTokens ?? 0) * price.cacheWrite +
    (usage.cacheReadTokens ?? 0) * price.cacheRead +
    usage.outputTokens * price.output;
  return dollars / 1_000_000;
}

/**
 * Tokens weighted by what they cost relative to an uncached input token: a cache write counts 1.25,
 * a cache read 0.1, input and output 1 each (output at 1, as DAILY_TOKEN_BUDGET always counted it,
 * so an existing budget keeps its meaning; DAILY_COST_BUDGET_USD weighs output at its real price).
 */
export function weightedTokens(usage: Usage): number {
  return usage.inputTokens + 1.25 * (usage.cacheWriteTokens ?? 0) + 0.1 * (usage.cacheReadTokens ?? 0) + usage.outputTokens;
}

/** Parses `model=input/output/cacheWrite/cacheRead,...` (USD per million tokens); throws naming the bad entry. */
export function parsePriceOverrides(text: string): PriceOverrides {
  const out: Record<string, ModelPrice> = {};
  for (const entry of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)=([^=]+)$/.exec(entry);
    const numbers = match?.[2]!.split('/').map(Number) ?? [];
    if (!match || numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n) || n < 0)) {
      throw new Error(`"${entry}": expected model=input/output/cacheWrite/cacheRead in USD per million tokens`);
    }
    const [input, output, cacheWrite, cacheRead] = numbers as [number, number, number, number];
    out[match[1]!] = { input, output, cacheWrite, cacheRead };
  }
  return out;
}
