import { Anthropic } from './anthropic-sdk.js';
import { ModelUnavailable } from './errors.js';

// Parley retries model requests itself, with the SDK's own policy, instead of leaving it to the SDK:
// the SDK retries only until a response's headers arrive, and a stream that stalls, breaks or sends an
// `error` event after that would not be retried at all. One loop for both keeps MODEL_MAX_RETRIES a
// true bound on the attempts of one request.

// The SDK's backoff: 0.5 s doubling to at most 8 s, less up to 25 % jitter.
const INITIAL_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 8_000;
// A retry-after longer than this is not waited for: the person would think the bot hung.
const MAX_RETRY_AFTER_MS = 60_000;

/** Whether a failed attempt is worth sending again: the same cases as the SDK (408/409/429/5xx, network, timeouts). */
export function isRetryable(failure: Error, raw: unknown): boolean {
  if (raw instanceof Anthropic.APIError) {
    const advice = raw.headers?.get('x-should-retry');
    if (advice === 'true') return true;
    if (advice === 'false') return false;
  }
  return failure instanceof ModelUnavailable;
}

/** How long to wait before retry number `retry` (0-based): the server's retry-after if it gave one, else backoff. */
export function retryDelayMs(raw: unknown, retry: number): number {
  const headers = raw instanceof Anthropic.APIError ? raw.headers : undefined;
  const advised = advisedDelayMs(headers?.get('retry-after-ms') ?? null, headers?.get('retry-after') ?? null);
  if (advised !== undefined) return advised;
  const backoff = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return backoff * (1 - Math.random() * 0.25);
}

function advisedDelayMs(ms: string | null, seconds: string | null): number | undefined {
  let delay = ms === null ? NaN : Number.parseFloat(ms);
  if (Number.isNaN(delay) && seconds !== null) {
    delay = Number.parseFloat(seconds) * 1000;
    if (Number.isNaN(delay)) delay = Date.parse(seconds) - Date.now();
  }
  return delay > 0 && delay <= MAX_RETRY_AFTER_MS ? delay : undefined;
}
