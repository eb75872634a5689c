import type { Coordination } from './coordination.js';
import { storeCall } from './store-call.js';
import type { Usage } from './types.js';

/** One person's usage this UTC day and this UTC month. */
export interface PersonUsage {
  today: Usage;
  month: Usage;
}

const DAY_MS = 24 * 60 * 60_000;
// A day's counters outlive their day by an hour, so a clock a little behind never reads a fresh
// zero; a month's outlive their month by a day, for the same reason and for a look back on the 1st.
const DAY_GRACE_MS = 60 * 60_000;
const MONTH_GRACE_MS = DAY_MS;
// Counters are integers in every store, so a cost is counted in billionths of a dollar: the
// cheapest token costs tens of them, a turn rounds by at most half of one, and 2^53 of them
// (where a JavaScript number stops being exact) is $9 million, far beyond a month of anyone's use.
const NANODOLLARS_PER_USD = 1e9;

// Each kind of usage is its own counter. A turn without a known price adds no cost, as the sum of
// records did before (it started from emptyUsage's $0), so /usage always shows a cost.
const FIGURES = ['input', 'cacheWrite', 'cacheRead', 'output', 'cost'] as const;
type Figure = (typeof FIGURES)[number];

/**
 * Per-person usage sums by UTC day and month, kept as atomic counters in the shared store
 * ({@link Coordination.incrementAll}), so every process on the store adds to the same totals without
 * losing an addition, and they survive restarts and expire by themselves. The person is the
 * platform + workspace + user scope ({@link userScopeId}).
 */
export class UsageLedger {
  constructor(
    readonly coordination: Coordination,
    readonly now: () => Date,
  ) {}

  /** Adds a usage to the person's day and month: one atomic store call. */
  add(personId: string, usage: Usage): Promise<void> {
    const at = this.now();
    const amounts = figuresOf(usage);
    const additions = [dayPeriod(at), monthPeriod(at)].flatMap((period) =>
      FIGURES.filter((figure) => amounts[figure] !== 0).map((figure) => ({
        name: counterName(period, figure, personId),
        by: amounts[figure],
        ttlMs: period.endsAt - at.getTime() + period.graceMs,
      })),
    );
    return storeCall('save usage', () => this.coordination.incrementAll(additions));
  }

  /** The person's usage today and this month: one store read. */
  async read(personId: string): Promise<PersonUsage> {
    const at = this.now();
    const [today, month] = await this.#usages(personId, [dayPeriod(at), monthPeriod(at)]);
    return { today: today!, month: month! };
  }

  /** The person's usage today alone (what a daily budget checks): one store read. */
  async today(personId: string): Promise<Usage> {
    return (await this.#usages(personId, [dayPeriod(this.now())]))[0]!;
  }

  async #usages(personId: string, periods: readonly Period[]): Promise<Usage[]> {
    const names = periods.flatMap((period) => FIGURES.map((figure) => counterName(period, figure, personId)));
    const totals = await storeCall('read usage', () => this.coordination.counters(names));
    return periods.map((_, p) => usageOf((figure) => totals[p * FIGURES.length + FIGURES.indexOf(figure)]!));
  }
}

function figuresOf(usage: Usage): Record<Figure, number> {
  return {
    input: usage.inputTokens,
    cacheWrite: usage.cacheWriteTokens ?? 0,
    cacheRead: usage.cacheReadTokens ?? 0,
    output: usage.outputTokens,
    cost: Math.round((usage.costUsd ?? 0) * NANODOLLARS_PER_USD),
  };
}

function usageOf(total: (figure: Figure) => number): Usage {
  return {
    inputTokens: total('input'),
    cacheWriteTokens: total('cacheWrite'),
    cacheReadTokens: total('cacheRead'),
    outputTokens: total('output'),
    costUsd: total('cost') / NANODOLLARS_PER_USD,
  };
}

interface Period {
  name: string;
  endsAt: number;
  graceMs: number;
}

const counterName = (period: Period, figure: Figure, personId: string) => `usage:${period.name}:${figure}:${personId}`;

function dayPeriod(at: Date): Period {
  return { name: `day:${at.toISOString().slice(0, 10)}`, endsAt: (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS, graceMs: DAY_GRACE_MS };
}

function monthPeriod(at: Date): Period {
  return { name: `month:${at.toISOString().slice(0, 7)}`, endsAt: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1), graceMs: MONTH_GRACE_MS };
}
