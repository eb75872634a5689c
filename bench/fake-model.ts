// The fake Anthropic API in a separate process: the bot process then spends its CPU only on the bot.
import type { ChildProcess } from 'node:child_process';
import { forkTs, nextMessage, stopChild } from './child.js';
import type { HistoryCheckCounts } from './e2e/history-check.js';

/** A fake Messages API running in its own process. */
export interface RemoteFakeModel {
  /** Base URL for the Anthropic SDK, on 127.0.0.1. */
  url: string;
  /** Sets the delay before the first byte of every reply. */
  setLatency(ms: number): Promise<void>;
  /** Requests the fake has answered since it started. */
  requestCount(): Promise<number>;
  /** The history check's counts since the last reset (bench/e2e/history-check.ts). */
  history(): Promise<HistoryCheckCounts>;
  resetHistory(): Promise<void>;
  /** The fake's process id, so its CPU is not counted as background load. */
  pid: number;
  close(): Promise<void>;
}

let nextId = 1;

/** Forks bench/fake-model-child.ts and waits until it listens. */
export async function startRemoteFakeModel(latencyMs = 0): Promise<RemoteFakeModel> {
  const child: ChildProcess = forkTs('fake-model-child.ts');
  const { url, pid } = await nextMessage<{ url: string; pid: number }>(child, (m) => m.type === 'ready', 30_000);
  const ask = async <T>(message: object): Promise<T> => {
    const id = nextId++;
    const answer = nextMessage<T>(child, (m) => m.id === id, 10_000);
    child.send({ ...message, id });
    return answer;
  };
  const fake: RemoteFakeModel = {
    url,
    pid,
    setLatency: async (ms) => void (await ask({ type: 'latency', latencyMs: ms })),
    requestCount: async () => (await ask<{ count: number }>({ type: 'count' })).count,
    history: () => ask<HistoryCheckCounts>({ type: 'history' }),
    resetHistory: async () => void (await ask({ type: 'history-reset' })),
    close: () => stopChild(child),
  };
  await fake.setLatency(latencyMs);
  return fake;
}
