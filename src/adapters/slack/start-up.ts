// Start-up checks of the Slack settings: each failure becomes one line naming the variable to fix.
import { webApi } from '@slack/bolt';
import { ConfigError } from '../../core/index.js';
import type { ClientSettings } from './clients.js';

// Long enough for a slow network's handshake and one answer; the client's default retries would
// otherwise keep an unreachable SLACK_API_URL silent for half an hour.
const CHECK_TIMEOUT_MS = 10_000;
const DEFAULT_API_URL = 'https://slack.com/api/';

// auth.test answers these when the token itself is wrong, revoked, or belongs to a deactivated account.
const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

/** Who the bot token belongs to, for the conversation filters and the ready line. */
export interface SlackIdentity {
  userId: string;
  botId?: string;
  user?: string;
  team?: string;
  teamId?: string;
}

/** Runs auth.test once within the time limit; a failure is a ConfigError naming SLACK_BOT_TOKEN or SLACK_API_URL. */
export async function authenticate(settings: ClientSettings): Promise<SlackIdentity> {
  const client = new webApi.WebClient(settings.token, {
    logger: settings.logger,
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: CHECK_TIMEOUT_MS,
  });
  let auth: webApi.AuthTestResponse;
  try {
    auth = await client.auth.test();
  } catch (error) {
    throw slackStartupError(error, settings.apiUrl, 'SLACK_BOT_TOKEN');
  }
  if (!auth.user_id) throw new ConfigError(['SLACK_BOT_TOKEN: auth.test returned no bot user; expected a bot token (xoxb-…)']);
  return {
    userId: auth.user_id,
    ...(auth.bot_id ? { botId: auth.bot_id } : {}),
    ...(auth.user ? { user: auth.user } : {}),
    ...(auth.team ? { team: auth.team } : {}),
    ...(auth.team_id ? { teamId: auth.team_id } : {}),
  };
}

/**
 * Turns a Web API failure at start-up into one line: a refused token names `tokenVariable`
 * (SLACK_BOT_TOKEN, or SLACK_APP_TOKEN for Socket Mode's apps.connections.open), anything that is not
 * an answer from Slack names SLACK_API_URL.
 */
export function slackStartupError(error: unknown, apiUrl: string | undefined, tokenVariable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): Error {
  const base = apiUrl ?? DEFAULT_API_URL;
  const code = (error as { code?: unknown }).code;
  if (code === webApi.ErrorCode.PlatformError) {
    const slackError = String((error as webApi.WebAPIPlatformError).data.error);
    if (TOKEN_ERRORS.has(slackError)) return new ConfigError([`${tokenVariable}: Slack refused the token (${slackError})`]);
    return new ConfigError([`${tokenVariable}: Slack answered ${slackError}`]);
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = (error as webApi.WebAPIHTTPError).statusCode;
    return new ConfigError([`SLACK_API_URL: ${base} answered HTTP ${status}; expected the Slack Web API base such as https://slack.com/api/`]);
  }
  if (code === webApi.ErrorCode.RequestError) {
    const original = (error as webApi.WebAPIRequestError).original as { message?: string; code?: string; cause?: { code?: string; message?: string } };
    // fetch puts the socket's reason (ECONNREFUSED, ENOTFOUND, "bad port") in its cause.
    const why = original.cause?.code ?? original.cause?.message ?? original.code ?? original.message ?? 'no answer';
    return new ConfigError([`SLACK_API_URL: cannot reach Slack at ${base} (${why})`]);
  }
  return error instanceof Error ? error : new Error(String(error));
}
