// Shared steps of the reliability tests: a guarded core on the fake model, a clock, terminal keys.
import { userInfo } from 'node:os';
import { conversationKey, createMetrics, type ConversationKey, type IncomingMessage, type Metrics, type Parley } from '../../src/core/index.js';
import { parseConfig } from '../../src/config/load-config.js';
import { createTurnGuard, type GuardSettings } from '../../src/guard/index.js';
import { terminalAddress } from '../../src/adapters/terminal/index.js';
import { startCore, type CoreHarness, type CoreHarnessOptions } from '../support/core-harness.js';

/** A clock the test moves by hand. */
export interface ManualClock {
  now: () => Date;
  advance(ms: number): void;
  set(iso: string): void;
}

/** A clock starting at `iso`. */
export function manualClock(iso = '2026-03-02T10:00:00.000Z'): ManualClock {
  let ms = Date.parse(iso);
  return { now: () => new Date(ms), advance: (by) => void (ms += by), set: (at) => void (ms = Date.parse(at)) };
}

/** The guard settings of a parsed environment holding only an API key, with `overrides` as env strings. */
export function guardSettings(overrides: Record<string, string> = {}): GuardSettings {
  return parseConfig({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ...overrides });
}

/** Options of {@link startGuardedCore}. */
export interface GuardedCoreOptions extends Omit<CoreHarnessOptions, 'guardFor'> {
  env?: Record<string, string>;
  clock?: ManualClock;
}

/** The core as app.ts wires it (guard from settings, metrics), on the fake model and a real store. */
export interface GuardedCore extends CoreHarness {
  metrics: Metrics;
}

/** Starts a guarded core: {@link startCore} with the guard built from `env` and a metrics set. */
export async function startGuardedCore(options: GuardedCoreOptions = {}): Promise<GuardedCore> {
  const { env, clock, ...rest } = options;
  const metrics = options.metrics ?? createMetrics();
  const core = await startCore({
    ...rest,
    metrics,
    guardFor: (stores) => createTurnGuard(guardSettings(env), stores, clock?.now),
    ...(clock ? { storeNow: () => clock.now().getTime() } : {}),
    ...(clock ? { now: clock.now } : {}),
  });
  return { ...core, metrics };
}

/** Where a test message is sent from. */
export interface Sender {
  platform?: string;
  workspace?: string;
  user: string;
  channel?: string;
}

/** A DM from `sender`, with channel and workspace filled in as the adapters fill them. */
export function dmFrom(sender: Sender, text: string): IncomingMessage {
  const platform = sender.platform ?? 'slack';
  const workspace = sender.workspace ?? 'T1';
  return {
    address: { platform, workspaceId: workspace, userId: sender.user, audience: 'dm', ...(sender.channel ? { channelId: sender.channel } : {}) },
    text,
  };
}

/** A message from `sender` in the shared thread `threadId` of their channel (C1 unless named). */
export function threadFrom(sender: Sender, threadId: string, text: string): IncomingMessage {
  const { address } = dmFrom(sender, text);
  return { address: { ...address, channelId: sender.channel ?? 'C1', threadId, audience: 'shared' }, text };
}

/** The conversation a message goes to, as the core keys it. */
export function keyOf(message: Pick<IncomingMessage, 'address'>): ConversationKey {
  return conversationKey(message.address);
}

/** The error a send ended with (or undefined when it was answered). */
export async function failureOf(parley: Parley, message: IncomingMessage): Promise<unknown> {
  return parley.send(message).then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** The key of the terminal chat's conversation, as a spawned process run by this user makes it. */
export function terminalKey(): ConversationKey {
  return conversationKey(terminalAddress(userInfo().username || 'local'));
}

/** A promise with its resolve function, for "the fake received this request" moments. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
