// Benchmark 3: memory held per conversation after many distinct conversations, with the cache capped.
import { forkTs, nextMessage } from './child.js';
import { DEFAULT_CACHE_SIZE } from './core.js';
import type { RemoteFakeModel } from './fake-model.js';
import { printTable, progress, writeResult } from './report.js';
import { round, waitForQuiet } from './stats.js';

interface Snapshot {
  rss: number;
  heapUsed: number;
  external: number;
}

/** One child's measurement. */
export interface MemoryResult {
  conversations: number;
  cacheSize: number;
  before: Snapshot;
  middle: Snapshot;
  after: Snapshot;
  /** (RSS after − RSS before) / conversations. */
  rssBytesPerConversation: number;
  heapBytesPerConversation: number;
  /** RSS growth over the second half only: ~0 once the cache is full, i.e. nothing per conversation is kept. */
  marginalRssBytesPerConversation: number;
  marginalHeapBytesPerConversation: number;
}

// Enough turns in flight to exercise the queue and cache without the run taking minutes.
const CONCURRENCY = 50;
const CHILD_TIMEOUT_MS = 300_000;

/** Runs one measurement in a fresh `node --expose-gc` process, so earlier benchmarks leave nothing behind. */
async function inChild(fake: RemoteFakeModel, conversations: number, cacheSize: number): Promise<MemoryResult> {
  const child = forkTs('memory-child.ts', ['--expose-gc']);
  await nextMessage(child, (m) => m.type === 'ready', 30_000);
  const answer = nextMessage<{ type: string; result?: Omit<MemoryResult, 'rssBytesPerConversation'>; message?: string }>(child, (m) => m.type === 'result' || m.type === 'error', CHILD_TIMEOUT_MS);
  child.send({ modelUrl: fake.url, conversations, cacheSize, concurrency: CONCURRENCY });
  const reply = await answer;
  if (!reply.result) throw new Error(`memory child failed: ${reply.message}`);
  const { before, middle, after } = reply.result;
  const secondHalf = conversations - Math.floor(conversations / 2);
  return {
    ...reply.result,
    rssBytesPerConversation: (after.rss - before.rss) / conversations,
    heapBytesPerConversation: (after.heapUsed - before.heapUsed) / conversations,
    marginalRssBytesPerConversation: (after.rss - middle.rss) / secondHalf,
    marginalHeapBytesPerConversation: (after.heapUsed - middle.heapUsed) / secondHalf,
  };
}

/** Benchmark 3: the default cache cap, and a cap as large as the run to show what each cached window costs. */
export async function benchMemory(fake: RemoteFakeModel, quick: boolean): Promise<MemoryResult[]> {
  await fake.setLatency(0);
  const conversations = quick ? 1_000 : 10_000;
  const results: MemoryResult[] = [];
  // The second run caches every conversation: the difference shows what the cap saves.
  for (const cacheSize of quick ? [DEFAULT_CACHE_SIZE] : [DEFAULT_CACHE_SIZE, conversations]) {
    await waitForQuiet();
    progress(`memory: ${conversations} conversations, cache ${cacheSize}`);
    results.push(await inChild(fake, conversations, cacheSize));
  }
  const mb = (bytes: number) => round(bytes / 1_048_576, 1);
  printTable(
    `Memory after ${conversations} distinct conversations of one turn each (after gc; bytes per conversation)`,
    results.map((r) => ({
      'cache cap': r.cacheSize,
      'rss before MB': mb(r.before.rss),
      'rss after MB': mb(r.after.rss),
      'rss B/conv': round(r.rssBytesPerConversation, 0),
      'heap B/conv': round(r.heapBytesPerConversation, 0),
      'marginal rss B/conv': round(r.marginalRssBytesPerConversation, 0),
      'marginal heap B/conv': round(r.marginalHeapBytesPerConversation, 0),
    })),
  );
  await writeResult('memory', {
    definitions: {
      rssBytesPerConversation: '(RSS after − RSS before) / conversations, after 300 warm-up conversations and 3 forced GCs; includes SQLite page cache growth',
      marginal: 'the same over the second half of the conversations only: what each further conversation costs once the cache is full',
      cacheCap: 'CONVERSATION_CACHE_SIZE: history windows kept in memory (WindowCache, LRU)',
    },
    results,
  });
  return results;
}
