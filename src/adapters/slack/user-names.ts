// Display names for user ids, looked up once with users.info and kept in a small bounded cache.
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/index.js';

// A busy workspace has a few thousand active speakers; 5,000 names are well under a megabyte.
const DEFAULT_MAX_ENTRIES = 5_000;
// People rename themselves rarely; an hour keeps users.info (Tier 4) calls negligible.
const DEFAULT_TTL_MS = 60 * 60_000;
// A failed lookup is retried sooner, but not on every message of a busy thread.
const FAILED_TTL_MS = 5 * 60_000;
// More distinct mentions than this in one message are left as ids rather than costing a lookup each.
const MAX_LOOKUPS_PER_MESSAGE = 10;

interface Entry {
  name: Promise<string | undefined>;
  expiresAt: number;
}

/** Settings of {@link UserNames}. */
export interface UserNamesOptions {
  maxEntries?: number;
  ttlMs?: number;
  now?: () => number;
}

/** A bounded LRU+TTL cache of display names in front of users.info; lookups never throw. */
export class UserNames {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(
    private readonly client: Pick<webApi.WebClient, 'users'>,
    private readonly logger: Logger,
    options: UserNamesOptions = {},
  ) {
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The user's display name (display name, else real name, else handle); undefined when Slack cannot tell. */
  nameOf(userId: string): Promise<string | undefined> {
    const now = this.#now();
    const cached = this.#entries.get(userId);
    if (cached && cached.expiresAt > now) {
      // Re-insert so the Map's insertion order doubles as recency order.
      this.#entries.delete(userId);
      this.#entries.set(userId, cached);
      return cached.name;
    }
    // The promise itself is cached, so concurrent messages from one person cost one call.
    const entry: Entry = { name: this.#lookup(userId, now), expiresAt: now + this.#ttlMs };
    this.#entries.delete(userId);
    this.#entries.set(userId, entry);
    if (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry.name;
  }

  /** Names for several ids at once (at most a handful per message); unknown ones are left out. */
  async namesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const ids = userIds.slice(0, MAX_LOOKUPS_PER_MESSAGE);
    const names = await Promise.all(ids.map((id) => this.nameOf(id)));
    const found = new Map<string, string>();
    ids.forEach((id, i) => {
      const name = names[i];
      if (name) found.set(id, name);
    });
    return found;
  }

  async #lookup(userId: string, now: number): Promise<string | undefined> {
    try {
      const { user } = await this.client.users.info({ user: userId });
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name;
      return name?.trim() || undefined;
    } catch (error) {
      this.logger.warn('slack.user_lookup_failed', { error });
      const entry = this.#entries.get(userId);
      if (entry) entry.expiresAt = Math.min(entry.expiresAt, now + FAILED_TTL_MS);
      return undefined;
    }
  }
}
