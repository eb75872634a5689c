// Logging in to Discord within a time limit, with every failure turned into one line naming the fix.
import type { Client } from 'discord.js';
import { Events } from './discord-js.js';
import { ConfigError, withinTime } from '../../core/index.js';

// Reaching Discord (GET /gateway/bot, then the gateway's HELLO) takes well under a second; a wrong
// DISCORD_API_URL would otherwise sit in @discordjs/rest's retries and timeouts for a minute.
const LOGIN_TIMEOUT_MS = 10_000;
// READY arrives once every guild has streamed in; a bot in many guilds needs longer than the login.
const READY_TIMEOUT_MS = 60_000;
const DEFAULT_API_URL = 'https://discord.com/api';

const MESSAGE_CONTENT_FIX =
  'Message Content: the bot asks for the privileged Message Content intent, which is off for this application; turn on "Message Content Intent" in the Discord Developer Portal → your application → Bot → Privileged Gateway Intents, then restart';

/**
 * Gateway close codes after which discord.js does not reconnect, with what the operator must fix.
 * Discord documents these as "do not reconnect" codes.
 */
export const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: 'DISCORD_TOKEN: the gateway refused the token (close code 4004, authentication failed); copy a new token from the Developer Portal → Bot → Reset Token',
  4010: 'the gateway refused the shard (close code 4010, invalid shard)',
  4011: 'the bot is in too many guilds for one connection (close code 4011, sharding required); see docs/scaling.md',
  4012: 'the gateway refused the API version (close code 4012); upgrade discord.js',
  4013: 'the gateway refused the intents (close code 4013, invalid intents); upgrade Parley',
  4014: `${MESSAGE_CONTENT_FIX} (close code 4014, disallowed intents)`,
};

/** Logs in and waits for READY; a refused token, an unreachable API or a fatal gateway close rejects with a ConfigError. */
export async function login(client: Client, token: string, apiUrl: string | undefined): Promise<void> {
  let onDisconnect: ((event: { code: number }) => void) | undefined;
  const fatal = new Promise<never>((_, reject) => {
    onDisconnect = (event) => reject(new ConfigError([FATAL_CLOSE_CODES[event.code] ?? `the Discord gateway closed for good (close code ${event.code})`]));
    client.on(Events.ShardDisconnect, onDisconnect);
  });
  fatal.catch(() => undefined);
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    const loggedIn = client.login(token).then(
      () => true,
      (error: unknown) => Promise.reject(loginError(error, apiUrl)),
    );
    if (!(await withinTime(Promise.race([loggedIn, fatal]), LOGIN_TIMEOUT_MS, false))) {
      throw new ConfigError([`DISCORD_API_URL: no answer from Discord at ${apiUrl ?? DEFAULT_API_URL} within ${LOGIN_TIMEOUT_MS / 1000} s`]);
    }
    if (!(await withinTime(Promise.race([ready.then(() => true), fatal]), READY_TIMEOUT_MS, false))) {
      throw new ConfigError([`DISCORD_TOKEN: logged in, but the gateway sent no READY within ${READY_TIMEOUT_MS / 1000} s`]);
    }
  } finally {
    if (onDisconnect) client.off(Events.ShardDisconnect, onDisconnect);
  }
}

function loginError(error: unknown, apiUrl: string | undefined): Error {
  const code = (error as { code?: unknown }).code;
  const status = (error as { status?: unknown }).status;
  if (code === 'TokenInvalid' || status === 401) {
    return new ConfigError(['DISCORD_TOKEN: Discord refused the token (401); copy the bot token from the Developer Portal → Bot']);
  }
  if (typeof status === 'number') {
    return new ConfigError([`DISCORD_API_URL: ${apiUrl ?? DEFAULT_API_URL} answered ${status} to GET /gateway/bot; expected the Discord API base such as https://discord.com/api`]);
  }
  const cause = (error as { cause?: { code?: unknown } }).cause?.code ?? code ?? (error as Error).message;
  return new ConfigError([`DISCORD_API_URL: cannot reach Discord at ${apiUrl ?? DEFAULT_API_URL} (${String(cause)})`]);
}
