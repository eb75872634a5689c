import type { ConversationKey } from './conversation-key.js';
import { revisionOf, type ConversationStore } from './conversation-store.js';
import type { HistoryWindow } from './history-window.js';
import { storeCall } from './store-call.js';

/**
 * A bounded LRU of recent history windows, so an active conversation's next turn needs no read.
 * Bounded because a bot in a large workspace sees far more conversations than it should hold.
 */
export class WindowCache {
  readonly #entries = new Map<string, HistoryWindow>();

  constructor(readonly capacity: number) {}

  /** The cached window, marked as most recently used. */
  get(key: string): HistoryWindow | undefined {
    const window = this.#entries.get(key);
    if (window) {
      this.#entries.delete(key);
      this.#entries.set(key, window);
    }
    return window;
  }

  /** Caches a window, evicting the least recently used beyond capacity. */
  set(key: string, window: HistoryWindow): void {
    if (this.capacity <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, window);
    while (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Forgets one conversation. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Conversations currently held. */
  get size(): number {
    return this.#entries.size;
  }
}

/**
 * The conversation's window, from the cache when it is still current. One small read of the head
 * checks that: another process's turn or a /reset anywhere changes the revision, and the window is
 * then loaded afresh, so no turn is ever built on stale memory.
 */
export async function currentWindow(cache: WindowCache, key: ConversationKey, store: ConversationStore, load: () => Promise<HistoryWindow>): Promise<HistoryWindow> {
  const cached = cache.get(key);
  if (cached) {
    const head = await storeCall('read the conversation', () => store.readHead(key));
    if (revisionOf(head) === revisionOf(cached.head)) return cached;
    cache.delete(key);
  }
  return storeCall('load history', load);
}
