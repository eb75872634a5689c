import { createHmac, randomBytes } from 'node:crypto';

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/** Structured fields of one log line. */
export type LogFields = Record<string, unknown>;

/** One JSON line per event; secrets are masked before anything is written. */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A short stable pseudonym for a conversation key, so info logs never carry user ids. */
  pseudonym(value: string): string;
}

/** Settings for {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  /** Values (tokens, API keys) masked wherever they appear in a line. */
  secrets?: readonly string[];
  write?: (line: string) => void;
}

// A small logger of our own rather than pino: pino redacts by field path, but a token can hide
// anywhere (an error message, a URL), so every line is masked by value before it is written.
/** Creates a JSON-lines logger writing to stderr (stdout belongs to the terminal chat). */
export function createLogger(options: LoggerOptions): Logger {
  // The forms to mask are worked out once: every line is masked, and a turn writes several.
  const forms = maskedForms(options.secrets ?? []);
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  // Per-process salt: pseudonyms correlate lines of one run but cannot be reversed by hashing ids.
  const salt = randomBytes(16);
  const log = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[options.level]) return;
    write(maskForms(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, errorReplacer), forms));
  };
  // A turn names its conversation in several lines; the last few pseudonyms are kept rather than re-hashed.
  const recent = new Map<string, string>();
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    pseudonym: (value) => {
      let name = recent.get(value);
      if (name === undefined) {
        name = createHmac('sha256', salt).update(value).digest('base64url').slice(0, 12);
        if (recent.size >= RECENT_PSEUDONYMS) recent.delete(recent.keys().next().value!);
        recent.set(value, name);
      }
      return name;
    },
  };
}

// Enough for every conversation with a turn running at once (MAX_CONCURRENT_TURNS defaults to 64).
const RECENT_PSEUDONYMS = 256;

/**
 * Replaces every occurrence of each secret in `text` with [redacted], in each form a secret takes in a
 * log line: as is, JSON-escaped (a `"` or `\\` inside it), URL-encoded (a query string, a form body)
 * and base64 (a Basic auth header, an encoded blob). Secrets of any length are masked: a short one is
 * still a secret, and a line garbled by masking is better than a leaked credential.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return maskForms(text, maskedForms(secrets));
}

// Longest first, so a secret that contains another is masked whole.
function maskedForms(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter(Boolean).flatMap(secretForms))].sort((a, b) => b.length - a.length);
}

function maskForms(text: string, forms: readonly string[]): string {
  let masked = text;
  for (const form of forms) if (masked.includes(form)) masked = masked.split(form).join('[redacted]');
  return masked;
}

function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  // Base64 of the secret alone; shorter than 4 characters, its unpadded base64 is too generic to mask.
  if (secret.length >= 4) forms.push(bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url'));
  // The JSON-escaped form quoted once more (an error message that quotes a JSON body).
  forms.push(JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1));
  return forms.filter((form) => form.length > 0);
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? value.cause.message : undefined;
    const requestId = requestIdOf(value);
    return { name: value.name, message: value.message, ...(cause ? { cause } : {}), ...(requestId ? { requestId } : {}) };
  }
  return value;
}

// The Anthropic SDK's APIError carries the API's `request-id` as `requestID`: support needs it to trace
// a failed request, so it is kept from the error or any of its causes.
function requestIdOf(error: Error): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const id = (current as { requestID?: unknown }).requestID;
    if (typeof id === 'string' && id) return id;
  }
  return undefined;
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
