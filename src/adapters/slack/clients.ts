// The two Web API clients: one for reads with the SDK's patient retries, one for posts that never duplicate.
import { webApi, type Logger as SlackLogger } from '@slack/bolt';

// A post whose response was lost (timeout, reset connection, 5xx) may well have been delivered, and
// chat.postMessage has no idempotency key: the SDK's default policy (ten retries over half an hour)
// then posts the same answer again, which users report as duplicate replies. Making posts idempotent
// would need a read-back through conversations.replies, which Slack now limits to one call a minute.
// So writes are retried only when Slack certainly did not act: after a 429 (the client has already
// waited the Retry-After Slack named) or when the connection was refused before any byte was sent.
// The same holds for chat.appendStream (an appended chunk would show twice) and chat.startStream.
const POST_RETRIES = 3;
// A hung write must not hold a conversation's reply forever; without a retry, a timeout is final.
const WRITE_TIMEOUT_MS = 30_000;
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const RATE_LIMIT_RETRY = /^A rate limit was exceeded/;

/** p-retry options: `onFailedAttempt` throwing ends the retries (the SDK's RetryOptions type omits it). */
export type PostRetryPolicy = webApi.RetryOptions & { onFailedAttempt(error: Error): void };

/** The retry policy for posts and edits: retry only what Slack cannot have received. */
export const POST_RETRY_POLICY: PostRetryPolicy = {
  retries: POST_RETRIES,
  factor: 2,
  minTimeout: 100,
  maxTimeout: 2_000,
  onFailedAttempt(error) {
    if (!isSafeToRetry(error)) throw error;
  },
};

/** True for a write failure after which Slack certainly holds no message. */
export function isSafeToRetry(error: Error): boolean {
  // The client wraps both cases in a WebAPIRequestError: after a 429 it waits out Retry-After and throws
  // "A rate limit was exceeded…"; a refused connection is fetch's TypeError with the socket error as cause.
  const original = (error as { original?: { message?: unknown; cause?: { code?: unknown } } }).original;
  if (RATE_LIMIT_RETRY.test(String(original?.message ?? error.message))) return true;
  const code = original?.cause?.code;
  return (error as { code?: unknown }).code === webApi.ErrorCode.RequestError && typeof code === 'string' && NOT_SENT_CODES.has(code);
}

/** Settings shared by both clients. */
export interface ClientSettings {
  token: string;
  apiUrl?: string;
  logger: SlackLogger;
  fetch?: webApi.WebClientOptions['fetch'];
}

/** Options for Bolt's own client (reads, auth.test, Socket Mode's connection). */
export function readerOptions(settings: ClientSettings): webApi.WebClientOptions {
  return { logger: settings.logger, ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}), ...(settings.fetch ? { fetch: settings.fetch } : {}) };
}

/** A client for everything that writes into a conversation, with {@link POST_RETRY_POLICY}. */
export function createWriter(settings: ClientSettings): webApi.WebClient {
  return new webApi.WebClient(settings.token, { ...readerOptions(settings), retryConfig: POST_RETRY_POLICY, timeout: WRITE_TIMEOUT_MS });
}

