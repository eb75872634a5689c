// The gate in front of Bolt's HTTP receiver: every POST is buffered, checked and verified here, once,
// and Bolt's receiver runs with `signatureVerification: false` (see index.ts) so it does not verify
// again. Why here and not in Bolt: Bolt's verification costs two extra HMACs and 32 random bytes per
// request (signature.ts), and Bolt 5 lets through what this file refuses:
// - a signed body that parses to something other than an object (`null`, an array, a string) makes
//   Bolt read `body.ssl_check` off it and throw inside a detached promise: the request is never
//   answered. Here it gets a 400.
// - Bolt refuses timestamps more than 5 minutes old but accepts any in the future, so a signed
//   request captured with a future timestamp could be replayed until then. Here it gets a 401.
// Every POST is verified whatever its path (fail closed): Bolt routes by its own reading of the URL, and
// nothing unsigned may reach it with verification off. The buffered body goes to Bolt as `rawBody`,
// which Bolt uses instead of reading the stream again.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, defaultBodyLimit, type BufferedIncomingMessage } from '@slack/bolt';
import type { Logger } from '../../core/index.js';
import { signatureRefusal } from './signature.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;
// Bolt parses exactly this content type as a form and every other one as JSON.
const FORM = 'application/x-www-form-urlencoded';
// What Bolt hands on for Slack's unsigned SSL check, whatever else the body carried.
const SSL_CHECK_BODY = Buffer.from('ssl_check=1');

/** Settings of {@link guardEventsEndpoint}. */
export interface RequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  /**
   * Answers what Bolt's listener throws for a request passed on after buffering (Bolt throws for a path
   * it does not serve), as HTTPReceiver's server does for what it calls synchronously (a 404).
   */
  dispatchError: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** Wraps Bolt's request listener so that only signed POSTs reach it and every POST gets an HTTP answer. */
export function guardEventsEndpoint(listener: Listener, options: RequestGuardOptions): Listener {
  const passOn = (req: BufferedIncomingMessage, res: ServerResponse) => {
    try {
      listener(req, res);
    } catch (error) {
      options.dispatchError(error, req, res);
    }
  };
  return (req, res) => {
    // Bolt upper-cases the method before routing, so this does too.
    if (req.method?.toUpperCase() !== 'POST') return listener(req, res);
    void (async () => {
      let buffered: BufferedIncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
      } catch (error) {
        // Bolt answers 413 for an oversized body the same way.
        const tooLarge = (error as { statusCode?: number }).statusCode === 413;
        return refuse(res, tooLarge ? 413 : 400, options.logger, tooLarge ? 'body too large' : 'body unreadable');
      }
      if (isSslCheck(buffered)) {
        // Slack does not sign its SSL check. As Bolt does, only `ssl_check=1` goes on, so nothing smuggled
        // beside it (a `payload`, a command) reaches a listener; Bolt answers it with a 200.
        buffered.rawBody = SSL_CHECK_BODY;
        return passOn(buffered, res);
      }
      const refusal = signatureRefusal(options.signingSecret, req.headers, buffered.rawBody, Date.now());
      if (refusal) return refuse(res, 401, options.logger, refusal);
      if (!parsesToObject(buffered)) return refuse(res, 400, options.logger, 'body is not an object');
      passOn(buffered, res);
    })().catch((error: unknown) => {
      options.logger.error('slack.request_failed', { error });
      if (!res.headersSent) refuse(res, 500);
    });
  };
}

function isSslCheck(req: BufferedIncomingMessage): boolean {
  return req.headers['content-type'] === FORM && parseQuery(req.rawBody.toString()).ssl_check === '1';
}

// ASCII codes of JSON's whitespace (space, tab, line feed, carriage return) and of `{`.
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_BRACE = 0x7b;

/**
 * Whether what Bolt parses is an object, or does not parse at all (Bolt then answers 400 itself). A JSON
 * body whose first character is `{` is one or the other, so an Events API delivery is not parsed here
 * only to be parsed again by Bolt; anything else (a form, a body Slack would never send) is parsed.
 */
function parsesToObject(req: BufferedIncomingMessage): boolean {
  if (req.headers['content-type'] !== FORM && firstNonSpace(req.rawBody) === OPEN_BRACE) return true;
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch {
    return true;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function firstNonSpace(bytes: Buffer): number | undefined {
  for (let i = 0; i < bytes.length; i++) if (!JSON_SPACE.has(bytes[i]!)) return bytes[i];
  return undefined;
}

function refuse(res: ServerResponse, status: number, logger?: Logger, reason?: string): void {
  if (logger) logger.warn('slack.request_refused', { reason, status });
  res.writeHead(status);
  res.end();
}
