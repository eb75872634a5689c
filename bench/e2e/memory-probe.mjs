// Preloaded into a benchmarked bot (`--expose-gc --import`): answers {type:'memory'} over IPC with the
// process's memory after three forced GCs. It does nothing else, so the bot runs as it always does.
process.channel?.unref();
process.on('message', (message) => {
  if (message?.type !== 'memory') return;
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  process.send?.({ type: 'memory', id: message.id, rss, heapUsed, external });
});
