// A `fetch` for the SDKs' own API calls (the Anthropic SDK and Slack's Web API client both take one),
// over node:http and node:https with keep-alive agents instead of Node's built-in fetch.
//
// Why not the built-in: every built-in fetch runs undici's whole Fetch machinery (Request and
// controller objects, the body re-read as an async iterable, a WebAssembly HTTP parser), about 0.65 ms
// of CPU for one small Slack call on this project's 2-core bench box against 0.19 ms for the same
// call through node:http (whose parser is native) wrapped in a real Response; a Parley turn makes up
// to four such calls (bench/RESULTS.md, "lean HTTP path"). Why not undici's own `request()`: it would
// be a dependency of ours, and Bolt and discord.js already bring two undici majors that fight over
// the global dispatcher; node:http touches neither, and measured the same.
//
// What callers get is a real WHATWG Response (status, headers, text/json/arrayBuffer; a small body
// that is not an event stream read whole first, see whole-response.ts; server-sent events streamed as
// they arrive, see web-stream.ts), so the SDKs' retries, error classes and stream parsing are theirs,
// unchanged. Anything outside the plain cases (FormData or stream bodies, a Request object, a
// redirect, another protocol) goes to the built-in fetch as before.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { connectionClosed, webStreamOf } from './web-stream.js';
import { WholeResponse } from './whole-response.js';

// undici's default for idle keep-alive connections (keepAliveTimeout): a server's own shorter
// `Keep-Alive: timeout=N` hint wins, less a second (Node's agent does that once a timeout is set),
// so a pooled socket is not reused just as the server closes it.
const IDLE_SOCKET_MS = 4_000;
// Bodies of these statuses must be null in a Response.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// Bodies up to this size that are not event streams are read whole before the answer is handed over
// (Slack's Web API answers are a few KB; conversations.history's largest pages some hundred).
const WHOLE_BODY_BYTES = 1 << 20;

/** The fetch signature both SDKs accept. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createLeanFetch}; the defaults are production's. */
export interface LeanFetchOptions {
  /** What handles the requests this one does not (default: the built-in fetch). */
  fallback?: FetchLike;
  /** How long an idle pooled connection is kept (default {@link IDLE_SOCKET_MS}). */
  idleSocketMs?: number;
}

/** Creates a fetch with its own keep-alive pools (one per process is enough). */
export function createLeanFetch(options: LeanFetchOptions = {}): FetchLike {
  const fallback = options.fallback ?? globalThis.fetch;
  const idle = options.idleSocketMs ?? IDLE_SOCKET_MS;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: idle }),
    'https:': new https.Agent({ keepAlive: true, timeout: idle }),
  };
  return (input, init = {}) => {
    const url = typeof input === 'string' ? safeUrl(input) : input instanceof URL ? input : undefined;
    const body = plainBody(init.body);
    if (!url || body === UNSUPPORTED || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fallback(input, init);
    return send(url, init, body, agents[url.protocol], () => fallback(input, init));
  };
}

const UNSUPPORTED = Symbol('unsupported body');

/** A body node:http can write as it is, or UNSUPPORTED for the built-in fetch to handle. */
function plainBody(body: RequestInit['body']): string | Uint8Array | undefined | typeof UNSUPPORTED {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  return UNSUPPORTED;
}

function safeUrl(input: string): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}

function send(url: URL, init: RequestInit, body: string | Uint8Array | undefined, agent: http.Agent, viaFallback: () => Promise<Response>): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const headers = headerObject(init.headers);
  if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const method = (init.method ?? 'GET').toUpperCase();
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    let response: http.IncomingMessage | undefined;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const onAbort = () => {
      // As fetch does: the promise rejects with the signal's reason, and so does a body being read.
      settle(() => reject(signal!.reason));
      if (response) response.destroy(signal!.reason);
      else request.destroy();
    };
    const done = () => signal?.removeEventListener('abort', onAbort);
    // fetch's shape for a network failure, which callers inspect (Slack's post policy reads cause.code).
    const fail = (error: Error) => {
      done();
      settle(() => reject(new TypeError('fetch failed', { cause: error })));
    };
    // timeout 0: a request in flight is bounded by its caller's signal, not by the pool's idle timer.
    const request = transport.request(url, { method, headers, agent, timeout: 0 }, (res) => {
      response = res;
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && init.redirect !== 'manual') {
        // Following (or refusing) redirects is fetch's business; none of the APIs we call redirect.
        res.resume();
        done();
        settle(() => viaFallback().then(resolve, reject));
        return;
      }
      const streamed = () => {
        const decoded = decode(res);
        decoded.once('close', done);
        // A web stream of the socket's chunks: an event stream is parsed as its events arrive.
        settle(() => resolve(toResponse(res, webStreamOf(decoded), url)));
      };
      if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
        res.resume();
        res.once('end', done);
        settle(() => resolve(toResponse(res, null, url)));
      } else if (mayReadWhole(res)) {
        readWhole(res, {
          whole: (bytes) => {
            done();
            settle(() => resolve(toResponse(res, bytes, url)));
          },
          overflow: streamed,
          error: fail,
        });
      } else {
        streamed();
      }
    });
    request.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

function headerObject(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((value, name) => (out[name] = value));
  else if (Array.isArray(headers)) for (const [name, value] of headers) out[name!.toLowerCase()] = value!;
  else for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name.toLowerCase()] = String(value);
  return out;
}

/**
 * Whether the body is read whole before the answer is handed over: a plain (uncompressed) body that is
 * not an event stream and is not said to be larger than {@link WHOLE_BODY_BYTES}. Its callers (Slack's
 * JSON, the model API's errors) read it whole at once anyway, and a {@link WholeResponse} needs no web
 * stream, which costs more CPU than the rest of the call (bench/RESULTS.md, "Cheaper SDK calls").
 */
function mayReadWhole(res: http.IncomingMessage): boolean {
  const length = res.headers['content-length'];
  if (length !== undefined && !(Number(length) <= WHOLE_BODY_BYTES)) return false;
  return !res.headers['content-encoding'] && !/^text\/event-stream/i.test(res.headers['content-type'] ?? '');
}

interface WholeBody {
  whole(bytes: Buffer): void;
  /** A body of unknown length grew past the limit: it is to be handed over as a stream, from its first byte. */
  overflow(): void;
  error(error: Error): void;
}

function readWhole(res: http.IncomingMessage, on: WholeBody): void {
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size <= WHOLE_BODY_BYTES) return;
    res.off('data', onData).off('end', onEnd).pause();
    res.unshift(Buffer.concat(chunks));
    on.overflow();
  };
  const onEnd = () => on.whole(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  res.on('data', onData).once('end', onEnd);
  // These stay: what they report after the answer was handed over is the stream's (or nobody's) to see.
  res.once('error', on.error);
  // A connection that closes before the body is complete ends with 'close' and no 'end'.
  res.once('close', () => {
    if (!res.complete) on.error(connectionClosed());
  });
}

function toResponse(res: http.IncomingMessage, body: Buffer | ReadableStream<Uint8Array> | null, url: URL): Response {
  const init = { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '' };
  const response = body instanceof Uint8Array ? new WholeResponse(body, init, url.href) : withUrl(new Response(body, init), url);
  // Appended to the Response's own Headers: a Headers object given in the init would be copied.
  const headers = response.headers;
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return response;
}

function withUrl(response: Response, url: URL): Response {
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

// fetch decodes compressed bodies; we never ask for compression, but a server may send it anyway.
function decode(res: http.IncomingMessage): Readable {
  const codec = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder = codec === 'gzip' || codec === 'x-gzip' ? zlib.createGunzip() : codec === 'deflate' ? zlib.createInflate() : codec === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!decoder) return res;
  res.on('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}
