import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import { ModelRejected, ModelUnavailable, ParleyError } from './errors.js';
import { costOf, priceFor, type ModelPrice } from './prices.js';
import { accumulateReply, type ModelReply } from './reply-accumulator.js';
import type { ModelMessage } from './types.js';

/** One request of the tool loop. */
export interface ModelRequest {
  system: string;
  messages: ModelMessage[];
  tools: Tool[];
}

/** The model as the core sees it: one streamed request at a time. */
export interface ModelClient {
  /** Sends one request, reporting text deltas as they arrive, and returns the final message. */
  step(request: ModelRequest, onText: (delta: string) => void, signal?: AbortSignal): Promise<ModelReply>;
}

/** Settings for {@link createAnthropicModel}. */
export interface AnthropicModelConfig {
  apiKey: string;
  /** Leave undefined to let the SDK read ANTHROPIC_BASE_URL (gateways, proxies, test fakes). */
  baseURL?: string;
  model: string;
  maxTokens: number;
  temperature?: number;
  /** The SDK retries 408/409/429/5xx/529 and connection errors with backoff, honouring retry-after. */
  maxRetries: number;
  timeoutMs: number;
  /**
   * Asks the API to cache the request prefix (system, tools, history). A conversation's next turn then
   * reads its history from the cache: faster and cheaper. Off for gateways that refuse the field.
   */
  promptCaching?: boolean;
  /** What this model's tokens cost, for the usage of every reply; defaults to the list price of `model`. */
  price?: ModelPrice;
}

/** A {@link ModelClient} over the Anthropic SDK's streaming Messages API. */
export function createAnthropicModel(config: AnthropicModelConfig): ModelClient {
  const client = new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    maxRetries: config.maxRetries,
    timeout: config.timeoutMs,
  });
  const price = config.price ?? priceFor(config.model);
  return {
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
      try {
        const events = await client.messages.create(params, signal ? { signal } : undefined);
        const reply = await accumulateReply(events, onText);
        if (price) reply.usage.costUsd = costOf(reply.usage, price);
        return reply;
      } catch (error) {
        throw toModelError(error);
      }
    },
  };
}

/** Separates failures worth sending again (overload, limits, network) from requests the API refuses. */
export function toModelError(error: unknown): Error {
  if (error instanceof ParleyError) return error;
  if (error instanceof Anthropic.APIError && error.status !== undefined) {
    const status = error.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return retryable
      ? new ModelUnavailable(`model API answered ${status}`, status, { cause: error })
      : new ModelRejected(`model API refused the request (${status})`, status, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelUnavailable(`model API unreachable: ${message}`, undefined, { cause: error });
}
