import { setTimeout as delay } from 'node:timers/promises';
import { Anthropic } from './anthropic-sdk.js';
import type { MessageCreateParamsStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import { contextWindowOf } from './context-window.js';
import { ModelRejected, ModelUnavailable, ParleyError, PromptTooLong } from './errors.js';
import { isRetryable, retryDelayMs } from './model-retry.js';
import { costOf, priceFor, type ModelPrice } from './prices.js';
import { ReplyFold, type Interruption, type ModelReply } from './reply-accumulator.js';
import type { ModelMessage } from './types.js';

/** One request of the tool loop. */
export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tools: Tool[];
}

/** What every request must fit: the model's context window and the output it may write. */
export interface ModelLimits {
  contextTokens: number;
  maxOutputTokens: number;
}

/** The model as the core sees it: one streamed request at a time. */
export interface ModelClient {
  /** Sends one request, reporting text deltas as they arrive, and returns the final message. */
  step(request: ModelRequest, onText: (delta: string) => void, signal?: AbortSignal): Promise<ModelReply>;
  /** The limits requests must fit; a client that does not know them leaves the core's defaults. */
  readonly limits?: ModelLimits;
}

/** Settings for {@link createAnthropicModel}. */
export interface AnthropicModelConfig {
  apiKey: string;
  /** Leave undefined to let the SDK read ANTHROPIC_BASE_URL (gateways, proxies, test fakes). */
  baseURL?: string;
  model: string;
  maxTokens: number;
  temperature?: number;
  /** Retries of a request that failed with 408/409/429/5xx, a network error, a timeout or a broken stream. */
  maxRetries: number;
  /** Bounds one attempt from sending it to the stream's last event. */
  timeoutMs: number;
  /** Bounds the silence between stream events, from the response's headers on (default 30 s). */
  streamIdleMs?: number;
  /** The model's context window, when the built-in table does not know it (MODEL_CONTEXT_TOKENS). */
  contextTokens?: number;
  /**
   * Asks the API to cache the request prefix (system, tools, history). A conversation's next turn then
   * reads its history from the cache: faster and cheaper. Off for gateways that refuse the field.
   */
  promptCaching?: boolean;
  /** What this model's tokens cost, for the usage of every reply; defaults to the list price of `model`. */
  price?: ModelPrice;
  /** The HTTP client the SDK sends with (default: the built-in fetch). */
  fetch?: ModelFetch;
  /**
   * Lets the SDK emit its OpenTelemetry spans, as its ANTHROPIC_OPEN_TELEMETRY* variables say (default
   * false: none). Parley registers no tracer provider, so without one the SDK's spans go nowhere, yet
   * starting each (attributes from the request, a context switch around the call) costs ~50 µs a request.
   */
  traces?: boolean;
}

/** A WHATWG-conforming fetch, as the SDK's `fetch` option takes. */
export type ModelFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// Longer than any pause between a healthy stream's events (the API pings about every 15 s while it
// works), short enough that a dead stream frees its conversation in well under a minute.
export const DEFAULT_STREAM_IDLE_MS = 30_000;
// The SDK's own timer covers only the wait for headers; it is set past ours so that ours decides.
const SDK_TIMEOUT_MARGIN_MS = 1_000;

/** A stream aborted by one of Parley's time bounds. */
export class ModelTimeout extends ModelUnavailable {
  constructor(readonly kind: Extract<Interruption, 'too_slow' | 'stalled'>, ms: number) {
    super(kind === 'too_slow' ? `the model request took longer than ${ms} ms` : `the model stream was silent for ${ms} ms`);
  }
}

/** A {@link ModelClient} over the Anthropic SDK's streaming Messages API. */
export function createAnthropicModel(config: AnthropicModelConfig): ModelClient {
  const client = new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    maxRetries: 0,
    timeout: config.timeoutMs + SDK_TIMEOUT_MARGIN_MS,
    ...(config.fetch ? { fetch: config.fetch } : {}),
    // The SDK's documented switch; leaving the option out lets its environment variables decide.
    ...(config.traces ? {} : { openTelemetry: false as const }),
  });
  const bounds = { timeoutMs: config.timeoutMs, idleMs: config.streamIdleMs ?? DEFAULT_STREAM_IDLE_MS };
  const price = config.price ?? priceFor(config.model);
  const priced = (reply: ModelReply): ModelReply => {
    if (price) reply.usage.costUsd = costOf(reply.usage, price);
    return reply;
  };
  return {
    limits: { contextTokens: contextWindowOf(config.model, config.contextTokens), maxOutputTokens: config.maxTokens },
    async step(request, onText, signal) {
      const params: MessageCreateParamsStreaming = {
        stream: true,
        model: config.model,
        max_tokens: config.maxTokens,
        system: request.system,
        messages: request.messages,
        ...(request.tools.length > 0 ? { tools: request.tools } : {}),
        ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
        // The top-level marker caches up to the last cacheable block, so each turn extends the cached prefix.
        ...(config.promptCaching ? { cache_control: { type: 'ephemeral' } } : {}),
      };
      for (let retry = 0; ; retry++) {
        const fold = new ReplyFold(onText);
        try {
          await streamOnce(client, params, fold, bounds, signal);
          return priced(fold.reply());
        } catch (raw) {
          if (signal?.aborted) throw raw;
          const failure = toModelError(raw);
          // Text already shown cannot be taken back: the person keeps it, with a note, rather than a retry that
          // would write a second, different answer under it.
          if (fold.visible && failure instanceof ModelUnavailable) return priced(fold.partial(failure instanceof ModelTimeout ? failure.kind : 'broken'));
          if (retry >= config.maxRetries || !isRetryable(failure, raw)) throw failure;
          await delay(retryDelayMs(raw, retry), undefined, signal ? { signal } : undefined);
        }
      }
    },
  };
}

/** One attempt, aborted when it runs past `timeoutMs` or falls silent for `idleMs`. */
async function streamOnce(
  client: Anthropic,
  params: MessageCreateParamsStreaming,
  fold: ReplyFold,
  bounds: { timeoutMs: number; idleMs: number },
  signal: AbortSignal | undefined,
): Promise<void> {
  const attempt = new AbortController();
  const forward = () => attempt.abort(signal!.reason);
  signal?.addEventListener('abort', forward, { once: true });
  const deadline = setTimeout(() => attempt.abort(new ModelTimeout('too_slow', bounds.timeoutMs)), bounds.timeoutMs);
  let idle: NodeJS.Timeout | undefined;
  try {
    const events = await client.messages.create(params, { signal: attempt.signal });
    // Silence is timed from the headers on: the wait for them is the deadline's alone.
    idle = setTimeout(() => attempt.abort(new ModelTimeout('stalled', bounds.idleMs)), bounds.idleMs);
    for await (const event of events) {
      idle.refresh();
      fold.add(event);
    }
    // The SDK ends an aborted stream quietly; the reason says which bound (or the caller) stopped it.
    if (attempt.signal.aborted) throw attempt.signal.reason;
  } catch (error) {
    throw attempt.signal.reason instanceof ModelTimeout ? attempt.signal.reason : error;
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    signal?.removeEventListener('abort', forward);
  }
}

// Error types the API sends in an `error` event mid-stream (no HTTP status then) that are worth a retry.
const RETRYABLE_STREAM_ERRORS = new Set(['overloaded_error', 'api_error', 'rate_limit_error', 'timeout_error']);
const TOO_LONG = /prompt is too long: (\d+) tokens > (\d+) maximum/;
const OVER_LIMIT = /input length and `max_tokens` exceed context limit: (\d+) \+ (\d+) > (\d+)/;

/** Separates failures worth sending again (overload, limits, network) from requests the API refuses. */
export function toModelError(error: unknown): Error {
  if (error instanceof ParleyError) return error;
  if (error instanceof Anthropic.APIError) {
    const status = error.status;
    const retryable = status === undefined ? RETRYABLE_STREAM_ERRORS.has(String(error.type)) : status === 408 || status === 409 || status === 429 || status >= 500;
    if (retryable) return new ModelUnavailable(`model API answered ${status ?? error.type}`, status, { cause: error });
    return rejection(error);
  }
  if (error instanceof SyntaxError) return new ModelUnavailable('the model API sent a response that is not valid JSON', undefined, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ModelUnavailable(`model API unreachable: ${message}`, undefined, { cause: error });
}

function rejection(error: InstanceType<typeof Anthropic.APIError>): ModelRejected {
  const text = apiMessage(error);
  const tooLong = TOO_LONG.exec(text);
  if (tooLong) return new PromptTooLong(text, Number(tooLong[1]), Number(tooLong[2]), { cause: error });
  const overLimit = OVER_LIMIT.exec(text);
  if (overLimit) return new PromptTooLong(text, Number(overLimit[1]), Number(overLimit[3]) - Number(overLimit[2]), { cause: error });
  const index = /^messages\.(\d+)/.exec(text)?.[1];
  return new ModelRejected(`model API refused the request (${error.status ?? error.type}): ${text}`, error.status, { cause: error }, index === undefined ? undefined : Number(index));
}

function apiMessage(error: InstanceType<typeof Anthropic.APIError>): string {
  const body = error.error as { error?: { message?: unknown } } | undefined;
  return typeof body?.error?.message === 'string' ? body.error.message : error.message;
}
