// A fake Anthropic Messages API on 127.0.0.1 that tests and benchmarks drive through the real SDK.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nextSequence } from './sequence.js';
import {
  echoText,
  errorBody,
  errorTypeFor,
  resolveReply,
  type RecordedRequest,
  type ResolvedReply,
  type ScriptedReply,
} from './anthropic/scripts.js';
import { CacheRuleViolation, createPromptCache, requestsCaching, type PromptCache, type PromptCacheOptions } from './anthropic/prompt-cache.js';
import { inputTokensOf, messageJson, streamBody, textAnswer, toolAnswer, truncatedStreamBody, type AnswerIds } from './anthropic/sse.js';

export type { RecordedRequest, ScriptedReply, ScriptedToolUse } from './anthropic/scripts.js';

/** Settings of {@link startFakeAnthropic}. */
export interface FakeAnthropicOptions {
  /** Delay before the first byte of every reply (default 0). */
  latencyMs?: number;
  /** Keep every request in `requests` (default true); benchmarks turn it off to keep memory flat. */
  recordRequests?: boolean;
  /** The prompt cache's clock and minimum lengths (see anthropic/prompt-cache.ts). */
  cache?: PromptCacheOptions;
}

/** A running fake: point `new Anthropic({ baseURL: fake.url, apiKey: 'test-key' })` at it. */
export interface FakeAnthropic {
  /** Base URL such as `http://127.0.0.1:54321`; the SDK appends `/v1/messages`. */
  url: string;
  /** Every request received, oldest first (empty when `recordRequests` is false). */
  requests: RecordedRequest[];
  /** How many requests arrived since start or the last reset, recorded or not. */
  readonly requestCount: number;
  /** Queues replies, consumed one per `POST /v1/messages` in order. */
  reply(...replies: ScriptedReply[]): void;
  /** Sets the reply used when the queue is empty (initially the echo). */
  setDefault(reply: ScriptedReply): void;
  /** Mutable delay before the first byte of every reply. */
  latencyMs: number;
  /** Model ids `GET /v1/models/{id}` knows (the SDK's current ids by default); others answer 404. */
  models: Set<string>;
  /** API keys answered 401 (authentication_error), as the real API answers a wrong key. */
  refusedKeys: Set<string>;
  /** Model ids asked for with `GET /v1/models/{id}`, oldest first (not in `requests` or `requestCount`). */
  modelLookups: string[];
  /** The simulated prompt cache every request with `cache_control` reads and writes. */
  promptCache: PromptCache;
  /** The most recent recorded request; throws when none was recorded. */
  lastRequest(): RecordedRequest;
  /** Clears the queue, the recorded requests, the count and the prompt cache, and restores the echo default. */
  reset(): void;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

// The ids tests and the default config use; the real list is longer, and an unknown id is a 404 there too.
const KNOWN_MODELS = ['claude-sonnet-5-5', 'claude-opus-4-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1', 'claude-sonnet-4-0'];

const echo: ScriptedReply = (request) => ({ text: echoText(request.body ?? {}) });

// The SDK sends the key as x-api-key, or as a bearer token for some auth setups.
function presentedKey(request: RecordedRequest): string | undefined {
  return request.headers['x-api-key'] ?? /^Bearer\s+(.+)$/i.exec(request.headers['authorization'] ?? '')?.[1];
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts a fake Anthropic Messages API on 127.0.0.1 at a free port. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const record = options.recordRequests ?? true;
  let queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = echo;
  let seq = 0;
  let count = 0;
  let closed = false;

  const fake: FakeAnthropic = {
    url: '',
    requests: [],
    get requestCount() {
      return count;
    },
    latencyMs: options.latencyMs ?? 0,
    models: new Set(KNOWN_MODELS),
    refusedKeys: new Set(),
    modelLookups: [],
    promptCache: createPromptCache(options.cache),
    reply: (...replies) => void queue.push(...replies),
    setDefault: (reply) => void (fallback = reply),
    lastRequest() {
      const last = fake.requests.at(-1);
      if (!last) throw new Error('the fake Anthropic server has recorded no request');
      return last;
    },
    reset() {
      queue = [];
      fallback = echo;
      fake.requests.length = 0;
      fake.modelLookups.length = 0;
      count = 0;
      fake.promptCache.clear();
    },
    close: () => close(),
  };

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }

  function sendError(res: ServerResponse, requestId: string, status: number, type: string, message: string, extra: Record<string, string> = {}): void {
    send(res, status, errorBody(type, message, requestId), { 'request-id': requestId, ...extra });
  }

  function answer(res: ServerResponse, reply: ResolvedReply, body: any, n: number, requestId: string): void {
    if ('hang' in reply) return;
    if ('error' in reply) {
      const { status, type = errorTypeFor(status), message = `fake ${type} (${status})`, retryAfterSeconds } = reply.error;
      // The SDK treats `retry-after: 0` as "no advice" and backs off ~0.5 s; retry-after-ms (which it
      // reads first) carries the same delay with a 1 ms floor so that 0 really means "retry now".
      const retry: Record<string, string> =
        retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(retryAfterSeconds), 'retry-after-ms': String(Math.max(1, retryAfterSeconds * 1000)) };
      sendError(res, requestId, status, type, message, retry);
      return;
    }
    let cache;
    try {
      // Only a processed prompt reads or writes the cache: errors and hangs above never reach here.
      cache = requestsCaching(body) ? fake.promptCache.account(body) : undefined;
    } catch (error) {
      if (!(error instanceof CacheRuleViolation)) throw error;
      return sendError(res, requestId, 400, 'invalid_request_error', error.message);
    }
    const ids: AnswerIds = { messageId: `msg_fake_${n}`, model: String(body.model), inputTokens: inputTokensOf(body), ...(cache ? { cache } : {}) };
    const stream = body.stream === true;
    if ('dropMidStream' in reply) {
      res.writeHead(200, { 'content-type': stream ? 'text/event-stream; charset=utf-8' : 'application/json', 'request-id': requestId });
      const head = stream ? truncatedStreamBody(ids, reply.dropMidStream.text) : messageJson(ids, textAnswer(reply.dropMidStream.text)).slice(0, 40);
      res.write(head, () => res.socket?.destroy());
      return;
    }
    const result =
      'toolUses' in reply
        ? toolAnswer(reply.toolUses, reply.text, (i) => `toolu_fake_${n}_${i}`)
        : textAnswer(reply.text, reply.stopReason);
    if (stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId });
      res.end(streamBody(ids, result));
    } else {
      send(res, 200, messageJson(ids, result), { 'request-id': requestId });
    }
  }

  // GET /v1/models/{id} as the real API answers it: 401 without a key (or with a refused one),
  // 404 not_found_error for an id it does not serve, else the model object.
  function answerModel(res: ServerResponse, requestId: string, id: string, request: RecordedRequest): void {
    const key = presentedKey(request);
    if (!key) return sendError(res, requestId, 401, 'authentication_error', 'x-api-key header is required');
    if (fake.refusedKeys.has(key)) return sendError(res, requestId, 401, 'authentication_error', 'invalid x-api-key');
    if (!fake.models.has(id)) return sendError(res, requestId, 404, 'not_found_error', `model: ${id}`);
    send(res, 200, JSON.stringify({ type: 'model', id, display_name: `Fake ${id}`, created_at: '2026-01-01T00:00:00Z' }), { 'request-id': requestId });
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const n = ++seq;
    const requestId = `req_fake_${n}`;
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    let body: any;
    let parsed = true;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      parsed = false;
    }
    const request: RecordedRequest = { path, headers: headersOf(req), body, seq: nextSequence() };
    // Model lookups (Parley's start-up check) are kept apart, so counts of Messages API calls stay exact.
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      fake.modelLookups.push(id);
      return answerModel(res, requestId, id, request);
    }
    count++;
    if (record) fake.requests.push(request);

    const isMessages = path === '/v1/messages';
    if (req.method !== 'POST' || (!isMessages && path !== '/v1/messages/count_tokens')) {
      return sendError(res, requestId, 404, 'not_found_error', `${req.method} ${path} is not served by the fake`);
    }
    if (!request.headers['x-api-key'] && !request.headers['authorization']) {
      return sendError(res, requestId, 401, 'authentication_error', 'x-api-key header is required');
    }
    if (fake.refusedKeys.has(presentedKey(request) ?? '')) return sendError(res, requestId, 401, 'authentication_error', 'invalid x-api-key');
    const problem = !parsed || typeof body !== 'object' || body === null
      ? 'request body must be a JSON object'
      : typeof body.model !== 'string' ? 'model: Field required'
      : !Array.isArray(body.messages) ? 'messages: Field required'
      : isMessages && typeof body.max_tokens !== 'number' ? 'max_tokens: Field required'
      : undefined;
    if (problem) return sendError(res, requestId, 400, 'invalid_request_error', problem);
    if (!isMessages) return send(res, 200, JSON.stringify({ input_tokens: inputTokensOf(body) }), { 'request-id': requestId });

    let reply: ResolvedReply;
    try {
      reply = resolveReply(queue.length > 0 ? queue.shift()! : fallback, request);
    } catch (error) {
      return sendError(res, requestId, 500, 'api_error', `fake script threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (fake.latencyMs > 0 && !('hang' in reply)) {
      setTimeout(() => {
        if (!closed && !res.destroyed) answer(res, reply, body, n, requestId);
      }, fake.latencyMs);
    } else {
      answer(res, reply, body, n, requestId);
    }
  }

  const server = createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => handle(req, res, parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8')));
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  return fake;
}
