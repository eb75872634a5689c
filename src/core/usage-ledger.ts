import type { ConversationStore } from './conversation-store.js';
import { KeyedQueue } from './keyed-queue.js';
import { storeCall } from './store-call.js';
import type { Usage } from './types.js';
import { addUsage, emptyUsage } from './usage.js';

/** One person's usage this UTC day and this UTC month. */
export interface PersonUsage {
  today: Usage;
  month: Usage;
}

const DAY_MS = 24 * 60 * 60_000;
// A day's record outlives its day by an hour, so a clock a little behind never reads a fresh zero;
// a month's outlives its month by a day, for the same reason and for a look back on the 1st.
const DAY_GRACE_MS = 60 * 60_000;
const MONTH_GRACE_MS = DAY_MS;

/**
 * Per-person usage sums by UTC day and month, kept as small records in the store so they survive
 * restarts and expire by themselves. The person is the platform + workspace + user scope
 * ({@link userScopeId}). One person's additions run one after another in this process; two
 * processes adding for the same person at the same instant can lose one addition (the store has no
 * atomic counter yet), which /usage would show a turn short.
 */
export class UsageLedger {
  readonly #queue = new KeyedQueue();

  constructor(
    readonly store: ConversationStore,
    readonly now: () => Date,
  ) {}

  /** Adds a usage to the person's day and month. */
  add(personId: string, usage: Usage): Promise<void> {
    return this.#queue.run(personId, async () => {
      const at = this.now();
      for (const period of [dayPeriod(at), monthPeriod(at)]) {
        const name = `usage:${period.name}:${personId}`;
        const previous = await storeCall('read usage', () => this.store.readRecord<Usage>(name));
        await storeCall('save usage', () => this.store.writeRecord<Usage>(name, addUsage(previous ?? emptyUsage(), usage), period.endsAt - at.getTime() + period.graceMs));
      }
    });
  }

  /** The person's usage today and this month (after any addition still being written). */
  read(personId: string): Promise<PersonUsage> {
    return this.#queue.run(personId, async () => {
      const at = this.now();
      const [today, month] = await Promise.all(
        [dayPeriod(at), monthPeriod(at)].map(async (period) => (await storeCall('read usage', () => this.store.readRecord<Usage>(`usage:${period.name}:${personId}`))) ?? emptyUsage()),
      );
      return { today: today!, month: month! };
    });
  }
}

interface Period {
  name: string;
  endsAt: number;
  graceMs: number;
}

function dayPeriod(at: Date): Period {
  return { name: `day:${at.toISOString().slice(0, 10)}`, endsAt: (Math.floor(at.getTime() / DAY_MS) + 1) * DAY_MS, graceMs: DAY_GRACE_MS };
}

function monthPeriod(at: Date): Period {
  return { name: `month:${at.toISOString().slice(0, 7)}`, endsAt: Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1), graceMs: MONTH_GRACE_MS };
}
