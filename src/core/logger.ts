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
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  // Per-process salt: pseudonyms correlate lines of one run but cannot be reversed by hashing ids.
  const salt = randomBytes(16);
  const log = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[options.level]) return;
    write(maskSecrets(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, errorReplacer), secrets));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    pseudonym: (value) => createHmac('sha256', salt).update(value).digest('base64url').slice(0, 12),
  };
}

// Shorter values are not credentials, and masking them would garble ordinary words in every line.
const MIN_SECRET_LENGTH = 8;

/** Replaces every occurrence of each secret (of credential length) in `text` with [redacted]. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) masked = masked.split(secret).join('[redacted]');
  return masked;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? value.cause.message : undefined;
    return { name: value.name, message: value.message, ...(cause ? { cause } : {}) };
  }
  return value;
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = createLogger({ level: 'silent' });
