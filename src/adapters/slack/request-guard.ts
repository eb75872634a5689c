// Checks in front of Bolt's HTTP receiver for what Bolt 5 lets through at POST /slack/events:
// - a signed body that parses to something other than an object (`null`, an array, a string) makes
//   Bolt read `body.ssl_check` off it and throw inside a detached promise: the request is never
//   answered. Here it gets a 400.
// - Bolt refuses timestamps more than 5 minutes old but accepts any in the future, so a signed
//   request captured with a future timestamp could be replayed until then. Here it gets a 401.
// The body is buffered once and handed to Bolt as `rawBody`, which Bolt then uses instead of reading
// the stream again.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, defaultBodyLimit, isValidSlackRequest } from '@slack/bolt';
import type { Logger } from '../../core/index.js';

/** Slack's own replay window: a signature more than 5 minutes from now, either way, is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Settings of {@link guardEventsEndpoint}. */
export interface RequestGuardOptions {
  signingSecret: string;
  /** The events path; other requests go straight to Bolt. */
  path: string;
  logger: Logger;
  now?: () => number;
}

/** Wraps Bolt's request listener so that every request to `path` gets an HTTP answer. */
export function guardEventsEndpoint(listener: Listener, options: RequestGuardOptions): Listener {
  const now = options.now ?? Date.now;
  return (req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?', 1)[0] !== options.path) return listener(req, res);
    void (async () => {
      let buffered: Awaited<ReturnType<typeof HTTPModuleFunctions.bufferIncomingMessage>>;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
      } catch (error) {
        // Bolt answers 413 for an oversized body the same way.
        return refuse(res, (error as { statusCode?: number }).statusCode === 413 ? 413 : 400);
      }
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(timestamp) && timestamp > now() / 1000 + MAX_CLOCK_SKEW_SECONDS) {
        options.logger.warn('slack.request_refused', { reason: 'timestamp in the future', skewSeconds: Math.round(timestamp - now() / 1000) });
        return refuse(res, 401);
      }
      if (!parsesToObject(buffered)) {
        const signed = isValidSlackRequest({
          signingSecret: options.signingSecret,
          body: buffered.rawBody.toString(),
          headers: { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': timestamp },
        });
        options.logger.warn('slack.request_refused', { reason: signed ? 'body is not an object' : 'bad signature' });
        return refuse(res, signed ? 400 : 401);
      }
      listener(buffered, res);
    })().catch((error: unknown) => {
      options.logger.error('slack.request_failed', { error });
      if (!res.headersSent) refuse(res, 500);
    });
  };
}

// What Bolt will parse; a body that does not parse at all is left to Bolt, which answers 400 itself.
function parsesToObject(req: Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0]): boolean {
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    return true;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}
