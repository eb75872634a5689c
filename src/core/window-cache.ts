import type { ConversationKey } from './conversation-key.js';
import { revisionOf, type ConversationStore } from './conversation-store.js';
import type { HistoryWindow } from './history-window.js';
import { storeCall } from './store-call.js';
import type { ModelMessage, StoredTurn } from './types.js';

// Files make windows heavy (a few MB of base64 each): past 64 MB of them in all, the least recently
// used windows leave the cache, and their next turn reads the store instead.
const DEFAULT_FILE_BUDGET = 64 * 1024 * 1024;

/**
 * A bounded LRU of recent history windows, so an active conversation's next turn needs no read.
 * Bounded because a bot in a large workspace sees far more conversations than it should hold,
 * both in count and in the bytes of the files they carry.
 */
export class WindowCache {
  readonly #entries = new Map<string, HistoryWindow>();
  readonly #fileBytes = new Map<string, number>();
  #totalFileBytes = 0;

  constructor(
    readonly capacity: number,
    readonly fileBudget = DEFAULT_FILE_BUDGET,
  ) {}

  /** The cached window, marked as most recently used. */
  get(key: string): HistoryWindow | undefined {
    const window = this.#entries.get(key);
    if (window) {
      this.#entries.delete(key);
      this.#entries.set(key, window);
    }
    return window;
  }

  /** Caches a window, evicting the least recently used beyond capacity or the file budget. */
  set(key: string, window: HistoryWindow): void {
    this.delete(key);
    const bytes = fileBytesOf(window);
    if (this.capacity <= 0 || bytes > this.fileBudget) return;
    this.#entries.set(key, trimmed(window));
    if (bytes > 0) this.#fileBytes.set(key, bytes);
    this.#totalFileBytes += bytes;
    while (this.#entries.size > this.capacity || this.#totalFileBytes > this.fileBudget) {
      this.delete(this.#entries.keys().next().value as string);
    }
  }

  /** Forgets one conversation. */
  delete(key: string): void {
    this.#entries.delete(key);
    this.#totalFileBytes -= this.#fileBytes.get(key) ?? 0;
    this.#fileBytes.delete(key);
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

// What the cache keeps is held at its size. V8 gives an array grown by push or spread room for 17 or
// more elements (~150 bytes) however few it holds, and a new turn brings four: the window's turn list,
// the turn's messages, the answer's content blocks, the head's participants. They were a third of a
// cached conversation's heap (bench/RESULTS.md, "Memory per cached conversation"); `map` and `slice`
// allocate exactly. Only the newest turn is new: turns read from the store come from JSON.parse, which
// sizes arrays exactly, and older ones were trimmed when they were cached.
function trimmed(window: HistoryWindow): HistoryWindow {
  const newest = window.turns.length - 1;
  return {
    head: window.head && { ...window.head, participants: window.head.participants.slice() },
    turns: window.turns.map((turn, index) => (index === newest ? trimmedTurn(turn) : turn)),
  };
}

function trimmedTurn(turn: StoredTurn): StoredTurn {
  return { ...turn, messages: turn.messages.map((message) => (Array.isArray(message.content) ? ({ ...message, content: message.content.slice() } as ModelMessage) : message)) };
}

function fileBytesOf(window: HistoryWindow): number {
  let bytes = 0;
  for (const turn of window.turns) bytes += turn.fileBytes ?? 0;
  return bytes;
}
