// Outlives Slack's last retry (about 5 minutes after the first delivery) and Discord RESUME replays.
const DEDUPE_TTL_MS = 10 * 60_000;
// Caps memory under an event flood; at 100 events/s this still covers the whole TTL.
const DEDUPE_MAX_ENTRIES = 100_000;

/** Remembers platform event ids so a redelivered event is answered once. */
export class EventDedupe {
  readonly #seen = new Map<string, number>();

  constructor(
    readonly ttlMs = DEDUPE_TTL_MS,
    readonly maxEntries = DEDUPE_MAX_ENTRIES,
    readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen within the TTL; false for a redelivery. */
  firstSeen(id: string): boolean {
    const now = this.now();
    this.#expire(now);
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, now + this.ttlMs);
    if (this.#seen.size > this.maxEntries) this.#seen.delete(this.#seen.keys().next().value as string);
    return true;
  }

  // Entries were inserted in time order, so expired ones are always at the front.
  #expire(now: number): void {
    for (const [id, expiresAt] of this.#seen) {
      if (expiresAt > now) return;
      this.#seen.delete(id);
    }
  }
}
