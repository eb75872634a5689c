import { existsSync } from 'node:fs';
import { ConfigError } from '../core/index.js';
import { configSchema, type Config } from './schema.js';

/** Reads `.env` (when present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** Parses an environment into a Config, or throws ConfigError with one line per problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (FOO= in .env) means "not set", as operators expect.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`),
  );
}
