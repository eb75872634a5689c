// Slack's request signing (v0): `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">`,
// with `X-Slack-Request-Timestamp` bounding replays.
//
// Why not Bolt's own verifySlackRequest: it compares with `tsscmp`, which draws 32 random bytes
// (randomFillSync) and computes two more HMACs on every request to compare in constant time; in the
// end-to-end profile (bench/e2e/profile.ts slack parley 400) that was 0.18 ms of main-thread CPU a turn
// for one comparison of two 64-character strings. One HMAC and node's crypto.timingSafeEqual give the
// same constant-time comparison. The rules are Bolt's (v0 only, refused when more than 5 minutes old)
// plus one Bolt lacks: refused when more than 5 minutes in the future, so a request captured with a
// future timestamp cannot be replayed until then.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Slack's replay window: a timestamp more than 5 minutes from now, either way, is refused. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
const VERSION_PREFIX = 'v0=';
// A hex SHA-256 digest.
const HASH_CHARS = 64;

/** Why a request's signature is refused, or undefined when Slack signed it within the window. */
export function signatureRefusal(signingSecret: string, headers: IncomingHttpHeaders, body: Buffer, nowMs: number): string | undefined {
  const timestampHeader = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (typeof timestampHeader !== 'string' || typeof signature !== 'string') return 'missing signature headers';
  const timestamp = Number(timestampHeader);
  if (Number.isNaN(timestamp)) return 'timestamp is not a number';
  // Bolt's staleness rule, to the second: older than five minutes before now (floored) is stale.
  if (timestamp < Math.floor(nowMs / 1000) - MAX_CLOCK_SKEW_SECONDS) return 'timestamp too old';
  if (timestamp > nowMs / 1000 + MAX_CLOCK_SKEW_SECONDS) return 'timestamp in the future';
  if (!signature.startsWith(VERSION_PREFIX)) return 'unknown signature version';
  const given = Buffer.from(signature.slice(VERSION_PREFIX.length));
  // Slack signs the bytes it sent, so the HMAC runs over the raw body rather than a decoded copy.
  const expected = Buffer.from(createHmac('sha256', signingSecret).update(`v0:${timestampHeader}:`).update(body).digest('hex'));
  // The length is public (every digest is 64 characters); only the comparison of the contents must not leak.
  if (given.length !== HASH_CHARS || !timingSafeEqual(given, expected)) return 'bad signature';
  return undefined;
}
