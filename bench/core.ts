// The core wired as src/app.ts wires it (SQLite store, Anthropic SDK, info-level logger), plus a
// ModelClient wrapper that records how long each turn spent inside the model call.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  conversationKey,
  createAnthropicModel,
  createLogger,
  createParley,
  type ConversationKey,
  type ConversationStore,
  type Coordination,
  type IncomingMessage,
  type MessageAddress,
  type ModelClient,
  type ModelMessage,
  type Parley,
} from '../src/core/index.js';
import { openStore } from '../src/store/open-store.js';

// The production defaults of src/config/schema.ts, so the numbers are those a default install gets.
/** HISTORY_TOKEN_BUDGET's default. */
export const DEFAULT_HISTORY_BUDGET = 50_000;
/** CONVERSATION_CACHE_SIZE's default. */
export const DEFAULT_CACHE_SIZE = 1000;

/** Model time of one turn, filled in by the timed model while the turn runs. */
export interface ModelTime {
  ms: number;
  steps: number;
}

/** A ModelClient that adds the time spent inside `step` to the ModelTime of the turn being answered. */
export interface TimedModel extends ModelClient {
  /** Starts timing the turn whose user text is `text` (unique per turn); read the ModelTime after send() resolves. */
  track(text: string): ModelTime;
  /** Drops a finished turn's entry so long runs keep memory flat. */
  forget(text: string): void;
}

/** Wraps a model so every turn's time inside the model call can be subtracted from its end-to-end time. */
export function timedModel(inner: ModelClient): TimedModel {
  // The core hands step() a signal of its own (merged with its shutdown signal), so turns are matched by
  // their user text instead: the newest plain-text user message of the request, unique per bench turn.
  const times = new Map<string, ModelTime>();
  return {
    async step(request, onText, signal) {
      const started = performance.now();
      try {
        return await inner.step(request, onText, signal);
      } finally {
        const time = times.get(userTextOf(request.messages));
        if (time) {
          time.ms += performance.now() - started;
          time.steps += 1;
        }
      }
    },
    track(text) {
      const time: ModelTime = { ms: 0, steps: 0 };
      times.set(text, time);
      return time;
    },
    forget: (text) => void times.delete(text),
  };
}

function userTextOf(messages: readonly ModelMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.role === 'user' && typeof message.content === 'string') return message.content;
  }
  return '';
}

/** The Anthropic SDK client pointed at a fake, with the app's retry setting off so a failure shows. */
export function sdkModel(baseURL: string): ModelClient {
  return createAnthropicModel({ apiKey: 'bench-key', baseURL, model: 'claude-sonnet-5-5', maxTokens: 1024, maxRetries: 0, timeoutMs: 60_000 });
}

/**
 * A model answered in-process with no HTTP at all: what is left of a turn is the core alone (queue,
 * history, request building, SQLite commit, cache, log line), which is the part this repo controls.
 */
export function stubModel(): ModelClient {
  return {
    async step(request, onText) {
      const text = `echo: ${userTextOf(request.messages)}`;
      onText(text);
      return { content: [{ type: 'text', text }], stopReason: 'end_turn', usage: { inputTokens: 50, outputTokens: 25 } };
    },
  };
}

/** A running core on a fresh SQLite file. */
export interface BenchCore {
  parley: Parley;
  store: ConversationStore;
  /** The store's shared sets and counters (the Slack adapter keeps its thread index there). */
  coordination: Coordination;
  model: TimedModel;
  storeUrl: string;
  /** Closes the core; `keepFiles` leaves the SQLite file for a restart. */
  close(keepFiles?: boolean): Promise<void>;
}

/** Options of {@link startBenchCore}. */
export interface BenchCoreOptions {
  modelUrl: string;
  /** Use {@link stubModel} instead of the SDK (modelUrl is then ignored). */
  stub?: boolean;
  /** Reuse an existing SQLite URL (a restart); otherwise a new temp file is made. */
  storeUrl?: string;
  cacheSize?: number;
  historyTokenBudget?: number;
}

/** Opens a store through openStore (as the app does; SQLite unless `storeUrl` names another) and builds the core on it. */
export async function startBenchCore(options: BenchCoreOptions): Promise<BenchCore> {
  const dir = options.storeUrl ? undefined : await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const storeUrl = options.storeUrl ?? `sqlite://${join(dir!, 'bench.sqlite')}`;
  const { conversations: store, coordination } = await openStore(storeUrl);
  const model = timedModel(options.stub ? stubModel() : sdkModel(options.modelUrl));
  const parley = createParley({
    store,
    coordination,
    model,
    systemPrompt: 'You are Parley, a helpful assistant in a team chat. Be concise.',
    historyTokenBudget: options.historyTokenBudget ?? DEFAULT_HISTORY_BUDGET,
    cacheSize: options.cacheSize ?? DEFAULT_CACHE_SIZE,
    // Info level formats the per-turn line as production does; the sink drops it so terminal I/O is not measured.
    logger: createLogger({ level: 'info', write: () => undefined }),
  });
  return {
    parley,
    store,
    coordination,
    model,
    storeUrl,
    async close(keepFiles = false) {
      await parley.close();
      if (dir && !keepFiles) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The DM key of bench user n. */
export function benchKey(n: number): ConversationKey {
  return conversationKey(benchAddress(n));
}

/** Where bench user n writes: their own DM. */
export function benchAddress(n: number): MessageAddress {
  return { platform: 'terminal', workspaceId: 'bench', userId: `user-${n}`, audience: 'dm' };
}

// About 25 tokens: a typical chat message, so request sizes are those of a real conversation.
const MESSAGE_TEXT = 'Could you summarise what we decided about the release date and who owns the changelog?';

/** A user message for conversation n, turn t. */
export function benchMessage(n: number, turn: number): IncomingMessage {
  // The suffix makes the text unique per turn, which is how the timed model tells turns apart.
  return { address: benchAddress(n), text: `${MESSAGE_TEXT} (#${n}.${turn})` };
}

/** Removes a directory made for a SQLite file URL. */
export async function removeStoreFile(storeUrl: string): Promise<void> {
  const path = storeUrl.replace(/^sqlite:\/\//, '');
  await rm(join(path, '..'), { recursive: true, force: true });
}
