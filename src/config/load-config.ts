import { existsSync } from 'node:fs';
import { ConfigError } from '../core/index.js';
import { configFields, crossFieldIssues, type Config } from './schema.js';

/** Reads `.env` (when present) into process.env without overriding what is already set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * The variables that are set: an empty (or blank) value means "not set" for every variable, as
 * operators expect after `cp .env.example .env`.
 */
export function setVariables(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''));
}

/** Parses an environment into a Config, or throws ConfigError with one line per problem, all at once. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const set = setVariables(env);
  const result = configFields.safeParse(set);
  const issues = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
  for (const issue of crossFieldIssues(set)) if (!issues.includes(issue)) issues.push(issue);
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return result.data;
}
