// Child process (run with --expose-gc): RSS and heap before and after many distinct conversations.
import { benchMessage, startBenchCore } from './core.js';

/** What the parent asks for. */
interface MemoryRequest {
  modelUrl: string;
  conversations: number;
  cacheSize: number;
  concurrency: number;
}

// A few hundred turns first load every module and JIT the hot paths, so they are not counted as growth.
const WARM_UP_CONVERSATIONS = 300;

function settledMemory(): { rss: number; heapUsed: number; external: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

async function converse(core: Awaited<ReturnType<typeof startBenchCore>>, first: number, count: number, concurrency: number): Promise<void> {
  let next = first;
  const end = first + count;
  const worker = async () => {
    while (next < end) {
      const message = benchMessage(next++, 0);
      await core.parley.send(message);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measure(request: MemoryRequest) {
  const core = await startBenchCore({ modelUrl: request.modelUrl, cacheSize: request.cacheSize });
  await converse(core, 0, WARM_UP_CONVERSATIONS, request.concurrency);
  const before = settledMemory();
  const half = Math.floor(request.conversations / 2);
  await converse(core, WARM_UP_CONVERSATIONS, half, request.concurrency);
  const middle = settledMemory();
  await converse(core, WARM_UP_CONVERSATIONS + half, request.conversations - half, request.concurrency);
  const after = settledMemory();
  await core.close();
  return { ...request, before, middle, after };
}

process.once('message', (request: MemoryRequest) => {
  measure(request).then(
    (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
    (error: unknown) => process.send!({ type: 'error', message: String(error) }, () => process.exit(1)),
  );
});
process.send!({ type: 'ready' });
