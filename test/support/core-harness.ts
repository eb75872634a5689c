import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnthropicModel, createParley, conversationKey, type ConversationKey, type ConversationStore, type MessageAddress, type Coordination, type Parley, type ParleyOptions, type TurnGuard } from '../../src/core/index.js';
import { createLeanFetch } from '../../src/http/lean-fetch.js';
import { openStore } from '../../src/store/open-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';

/** A temporary folder removed by `cleanup`. */
export async function tempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'parley-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/** Options of {@link startCore}. */
export interface CoreHarnessOptions extends Partial<Omit<ParleyOptions, 'store' | 'coordination' | 'model'>> {
  storeUrl?: string;
  fake?: FakeAnthropic;
  maxRetries?: number;
  /** Per-request model timeout (default 5 s). */
  timeoutMs?: number;
  /** Silence allowed between stream events (the product's default when absent). */
  streamIdleMs?: number;
  /** The model's context window (the table's 200,000 for the harness's model when absent). */
  contextTokens?: number;
  /** MAX_TOKENS of every request (default 256). */
  maxTokens?: number;
  promptCaching?: boolean;
  /** Builds a turn guard on the harness's store (the guard keeps its records and counters there). */
  guardFor?: (stores: { conversations: ConversationStore; coordination: Coordination }) => TurnGuard;
  /** The clock of the store's coordination (memory and SQLite), for counters a test moves by hand. */
  storeNow?: () => number;
}

/** The core wired to a fake model and a real store, as main.ts wires it. */
export interface CoreHarness {
  parley: Parley;
  store: ConversationStore;
  coordination: Coordination;
  fake: FakeAnthropic;
  /** Closes the core (and the fake, if the harness started it). */
  close(): Promise<void>;
}

/** Starts the core against a fake Anthropic API through the real SDK. */
export async function startCore(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  const ownFake = !options.fake;
  const fake = options.fake ?? (await startFakeAnthropic());
  const { conversations: store, coordination } = await openStore(options.storeUrl ?? 'memory://', options.storeNow ? { now: options.storeNow } : {});
  const { storeUrl: _storeUrl, fake: _fake, maxRetries, timeoutMs, streamIdleMs, contextTokens, maxTokens, promptCaching, guardFor, storeNow: _storeNow, ...rest } = options;
  const parley = createParley({
    systemPrompt: 'You are a test.',
    historyTokenBudget: 10_000,
    ...rest,
    ...(guardFor ? { guard: guardFor({ conversations: store, coordination }) } : {}),
    store,
    coordination,
    model: createAnthropicModel({
      apiKey: 'test-key',
      baseURL: fake.url,
      model: 'claude-sonnet-5-5',
      maxTokens: maxTokens ?? 256,
      maxRetries: maxRetries ?? 0,
      timeoutMs: timeoutMs ?? 5_000,
      ...(streamIdleMs !== undefined ? { streamIdleMs } : {}),
      ...(contextTokens !== undefined ? { contextTokens } : {}),
      promptCaching: promptCaching ?? false,
      // The HTTP client production sends with (app.ts).
      fetch: createLeanFetch(),
    }),
  });
  return {
    parley,
    store,
    coordination,
    fake,
    async close() {
      await parley.close();
      if (ownFake) await fake.close();
    },
  };
}

/** The address of a message `userId` writes in their own DM on the terminal platform, for core tests. */
export function dm(userId: string): MessageAddress {
  return { platform: 'terminal', workspaceId: 'test', userId, audience: 'dm' };
}

/** The key of `userId`'s DM conversation (where {@link dm} messages go). */
export function dmKey(userId: string): ConversationKey {
  return conversationKey(dm(userId));
}

/** The address of a message `userId` writes in the shared thread `threadId` of a test channel. */
export function inThread(threadId: string, userId: string): MessageAddress {
  return { platform: 'terminal', workspaceId: 'test', channelId: 'C-test', threadId, userId, audience: 'shared' };
}

/** The key of the shared thread `threadId` (where {@link inThread} messages go, whoever writes them). */
export function threadKey(threadId: string): ConversationKey {
  return conversationKey(inThread(threadId, 'anyone'));
}

/** The texts of the messages the model received in a request, flattened. */
export function textsOf(messages: Array<{ role: string; content: unknown }>): string[] {
  return messages.map((message) =>
    typeof message.content === 'string'
      ? message.content
      : (message.content as Array<{ type: string; text?: string; content?: unknown }>)
          .map((block) => block.text ?? (typeof block.content === 'string' ? block.content : `[${block.type}]`))
          .join(' '),
  );
}
