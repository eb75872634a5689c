import type { HistoryWindow } from './history-window.js';

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
