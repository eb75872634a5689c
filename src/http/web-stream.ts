// A web ReadableStream of a Node stream's chunks, for the streamed bodies of lean-fetch.ts (the
// model's server-sent events). What `Readable.toWeb` gives, for less CPU: it tracks the source with
// an end-of-stream watcher (`finished`) and listeners of its own; here the source's own events say how
// it ended.
import type { Readable } from 'node:stream';

// Bytes queued for a reader that is behind before the source is paused: pausing at every chunk would
// cost a pause and a resume per event of a model stream, whose events are small.
const QUEUED_BYTES = 64 * 1024;

/** What a body read fails with when the connection closed before the body ended (undici's code for it). */
export function connectionClosed(): Error {
  return Object.assign(new Error('terminated: the connection closed before the body ended'), { code: 'UND_ERR_SOCKET' });
}

/** The chunks of `source` as a web stream: paused while the reader is behind, destroyed when it cancels. */
export function webStreamOf(source: Readable): ReadableStream<Uint8Array> {
  let over = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        if (over) return;
        // A copy, as Readable.toWeb makes: a chunk is a view into the socket's (or zlib's) larger buffer,
        // which a reader keeping or transferring the chunk would otherwise keep alive or detach.
        controller.enqueue(new Uint8Array(chunk));
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
        controller.error(connectionClosed());
      });
    },
    pull() {
      source.resume();
    },
    cancel() {
      over = true;
      source.destroy();
    },
  }, { highWaterMark: QUEUED_BYTES, size: (chunk) => chunk.byteLength });
}
