// Per-turn cost of each store, and what the multi-process guarantees add to a turn: the lease
// (acquire + release), the head check of a cached window, and the fenced commit. Measured through the
// core with the instant stub model (no HTTP), one conversation, its window cached, so what remains is
// the core plus its store round trips. Redis and PostgreSQL are the servers of BENCH_REDIS_URL /
// BENCH_POSTGRES_URL (default the local ones); each runs in its own prefix or schema, removed afterwards.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createClient } from '@redis/client';
import pg from 'pg';
import { benchKey, benchMessage, removeStoreFile, startBenchCore } from './core.js';
import { silentLogger } from '../src/core/index.js';
import { PendingMessages } from '../src/core/pending-messages.js';
import { openStore } from '../src/store/open-store.js';
import { printTable, progress, writeResult } from './report.js';
import { round, summarize, type Summary } from './stats.js';

/** One store's figures. */
export interface StoreResult {
  store: string;
  turn: Summary;
  /** The lease's two round trips (acquire, release) and the cached-window head check, per turn. */
  leaseAndCheck: Summary;
  /** The fenced commit alone (one statement or script). */
  fencedCommit: Summary;
  /** Recording an acknowledged message before the acknowledgement (one set member carrying the message). */
  pendingHold: Summary;
  /** Deleting it once answered. */
  pendingSettle: Summary;
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs the store benchmark on SQLite, Redis and PostgreSQL (a store that does not answer is noted and skipped). */
export async function benchStores(quick: boolean): Promise<StoreResult[]> {
  const turns = quick ? 100 : 500;
  const tag = randomBytes(4).toString('hex');
  const targets: Array<{ store: string; url: () => Promise<string>; cleanup: () => Promise<void> }> = [
    { store: 'SQLite', url: async () => '', cleanup: async () => undefined },
    {
      store: 'Redis',
      url: async () => `${REDIS_URL}${REDIS_URL.includes('?') ? '&' : '?'}prefix=parley_bench_${tag}:`,
      cleanup: async () => {
        const client = createClient({ url: REDIS_URL });
        await client.connect();
        for await (const keys of client.scanIterator({ MATCH: `parley_bench_${tag}:*`, COUNT: 500 })) if (keys.length > 0) await client.unlink(keys);
        await client.close();
      },
    },
    {
      store: 'PostgreSQL',
      url: async () => `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}schema=parley_bench_${tag}`,
      cleanup: async () => {
        const client = new pg.Client({ connectionString: POSTGRES_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS parley_bench_${tag} CASCADE`);
        await client.end();
      },
    },
  ];
  const results: StoreResult[] = [];
  for (const target of targets) {
    try {
      progress(`stores: ${target.store}`);
      results.push(await measure(target.store, (await target.url()) || undefined, turns));
    } catch (error) {
      progress(`stores: ${target.store} skipped (${(error as Error).message})`);
    } finally {
      await target.cleanup().catch(() => undefined);
    }
  }
  printTable(
    'Per-turn cost by store (stub model, cached window, one conversation; ms)',
    results.map((r) => ({
      store: r.store,
      'turn p50': round(r.turn.p50),
      'turn p99': round(r.turn.p99),
      'lease + head check p50': round(r.leaseAndCheck.p50),
      'fenced commit p50': round(r.fencedCommit.p50),
      'pending record before ack p50': round(r.pendingHold.p50),
      'pending delete after answer p50': round(r.pendingSettle.p50),
    })),
  );
  await writeResult('stores', { turns, results });
  return results;
}

async function measure(store: string, storeUrl: string | undefined, turns: number): Promise<StoreResult> {
  const core = await startBenchCore({ modelUrl: '', stub: true, ...(storeUrl ? { storeUrl } : {}) });
  const samples: number[] = [];
  try {
    for (let i = 0; i < turns + 20; i++) {
      const started = performance.now();
      await core.parley.send(benchMessage(0, i));
      if (i >= 20) samples.push(performance.now() - started);
    }
  } finally {
    await core.close(true);
  }
  const url = core.storeUrl;
  const ports = await openStore(url);
  const lease: number[] = [];
  const commit: number[] = [];
  const hold: number[] = [];
  const settle: number[] = [];
  // A Slack DM's payload as the adapter records it (the text of a short message, no files).
  const payload = { kind: 'dm', teamId: 'T1', userTeamId: 'T1', channel: 'D1', user: 'U1', text: 'what is 17% of 240?', ts: '1760000000.000100', files: [] };
  const pending = new PendingMessages(ports.conversations, ports.coordination, silentLogger);
  try {
    const key = benchKey(1);
    let revision = '';
    for (let i = 0; i < turns; i++) {
      const started = performance.now();
      await ports.coordination.acquire(`lease:${key}`, 'bench', 30_000);
      await ports.conversations.readHead(key);
      await ports.coordination.release(`lease:${key}`, 'bench');
      lease.push(performance.now() - started);
      const head = { revision: `r${i}`, turns: i + 1, messages: 2 * (i + 1), createdAt: '', updatedAt: '', usage: { inputTokens: 0, outputTokens: 0 }, participants: ['u'] };
      const turn = { index: i, at: '', authorId: 'u', messages: [{ role: 'user' as const, content: 'q' }, { role: 'assistant' as const, content: 'a' }], usage: { inputTokens: 0, outputTokens: 0 }, tokens: 2 };
      const committedAt = performance.now();
      await ports.conversations.commitTurn(key, turn, head, revision);
      commit.push(performance.now() - committedAt);
      revision = head.revision;
      const heldAt = performance.now();
      const held = await pending.hold('slack', `bench:${i}`, payload);
      const settledAt = performance.now();
      await held.settle();
      hold.push(settledAt - heldAt);
      settle.push(performance.now() - settledAt);
    }
  } finally {
    await pending.close();
    await ports.close();
    if (!storeUrl) await removeStoreFile(url);
  }
  return { store, turn: summarize(samples), leaseAndCheck: summarize(lease), fencedCommit: summarize(commit), pendingHold: summarize(hold), pendingSettle: summarize(settle) };
}
