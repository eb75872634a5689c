// A web ReadableStream of a Node stream's chunks, for the streamed bodies of lean-fetch.ts (the
// model's server-sent events). What `Readable.toWeb` gives, for less CPU: it copies every chunk and
// tracks the source with an end-of-stream watcher and a queuing strategy of its own; here each
// chunk is handed over as a view of its bytes, and the source's own events say how it ended.
import type { Readable } from 'node:stream';

/** The chunks of `source` as a web stream: paused while the reader is behind, destroyed when it cancels. */
export function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  let over = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (over) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) source.pause();
      });
      source.once('end', () => {
        if (over) return;
        over = true;
        controller.close();
      });
      // An abort destroys the source with the signal's reason, which a read then rejects with.
      source.once('error', (error) => {
        if (over) return;
        over = true;
        controller.error(error);
      });
      source.once('close', () => {
        if (over) return;
        over = true;
        controller.error(Object.assign(new Error('terminated: the connection closed before the body ended'), { code: 'UND_ERR_SOCKET' }));
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      over = true;
      source.destroy();
    },
  });
}
