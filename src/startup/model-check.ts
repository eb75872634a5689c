// Start-up check of the model settings: one cheap authenticated call before the bot says it is ready,
// so a wrong key or model id stops start-up naming the variable instead of failing every person's turn.
// The SDK class comes from the core (src/core/anthropic-sdk.ts): the one copy the turns use, so the
// errors the check catches are the classes it tests, and no second (ESM) copy is loaded at start-up.
import { Anthropic, ConfigError, type ModelFetch } from '../core/index.js';
import { STARTUP_CHECK_TIMEOUT_MS } from './limits.js';

/** What the model check needs from the configuration. */
export interface ModelCheckSettings {
  apiKey: string;
  /** ANTHROPIC_BASE_URL, when set; the SDK's default otherwise. */
  baseURL?: string;
  model: string;
  timeoutMs?: number;
  /** The HTTP client the turns use, so the check tries the same path (default: the built-in fetch). */
  fetch?: ModelFetch;
}

/** What the API said about the model, for the ready line. */
export interface ModelIdentity {
  id: string;
  displayName?: string;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * Retrieves ANTHROPIC_MODEL (`GET /v1/models/{id}`): a 401/403 names ANTHROPIC_API_KEY, a 404
 * ANTHROPIC_MODEL, no answer ANTHROPIC_BASE_URL, each as a ConfigError of one line. Other answers
 * (a 5xx, a 429) say nothing about the settings, so they are returned as a warning and start-up goes on.
 */
export async function checkModel(settings: ModelCheckSettings): Promise<{ model?: ModelIdentity; warning?: string }> {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    // One try within the limit: a check that retries for minutes is what this replaces.
    maxRetries: 0,
    timeout: settings.timeoutMs ?? STARTUP_CHECK_TIMEOUT_MS,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  const base = settings.baseURL ?? DEFAULT_BASE_URL;
  try {
    const info = await client.models.retrieve(settings.model);
    return { model: { id: info.id, ...(info.display_name ? { displayName: info.display_name } : {}) } };
  } catch (error) {
    if (error instanceof Anthropic.APIConnectionError) {
      const why = error instanceof Anthropic.APIConnectionTimeoutError ? `no answer within ${Math.round((settings.timeoutMs ?? STARTUP_CHECK_TIMEOUT_MS) / 1000)} s` : causeOf(error);
      throw new ConfigError([`ANTHROPIC_BASE_URL: cannot reach the model API at ${base} (${why})`]);
    }
    if (error instanceof Anthropic.APIError) {
      const requestId = error.requestID ? `, request-id ${error.requestID}` : '';
      if (error.status === 401 || error.status === 403) {
        throw new ConfigError([`ANTHROPIC_API_KEY: the model API refused the key (${error.status}${requestId})`]);
      }
      if (error.status === 404) {
        throw new ConfigError([`ANTHROPIC_MODEL: the model API at ${base} knows no model "${settings.model}" (404${requestId}); set STARTUP_CHECKS=false for a gateway that serves no model list`]);
      }
      return { warning: `the model check got ${error.status ?? 'an error'} from ${base}${requestId}; starting anyway` };
    }
    throw error;
  }
}

function causeOf(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  return String(cause?.code ?? cause?.message ?? error.message);
}
