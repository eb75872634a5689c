// The Slack adapter's configuration and the handle it returns.
import type { webApi } from '@slack/bolt';
import type { Coordination } from '../../core/index.js';
import type { AdapterDeps, PlatformAdapter } from '../platform-adapter.js';
import type { FileLimits } from '../shared/files.js';

/** Settings of {@link createSlackAdapter}; main.ts fills them from SLACK_* and PORT. */
export interface SlackAdapterConfig {
  /** The bot token (xoxb-…), SLACK_BOT_TOKEN. */
  botToken: string;
  /** SLACK_SIGNING_SECRET: selects HTTP mode (events and commands at POST /slack/events on `port`). */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…): selects Socket Mode; wins over `signingSecret` when both are set. */
  appToken?: string;
  /** SLACK_API_URL: the Web API base (default https://slack.com/api/); Socket Mode's apps.connections.open uses it too. */
  apiUrl?: string;
  /** The HTTP client of every Web API call (default: the built-in fetch). */
  fetch?: webApi.WebClientOptions['fetch'];
  /** PORT for HTTP mode; 0 picks a free port (read it back from `adapter.port`). */
  port: number;
  /** HOST: the address HTTP mode listens on (default every interface). */
  host?: string;
  /** Streams answers with chat.startStream where Slack allows it (default true); false always posts and edits. */
  streaming?: boolean;
  /** Minimum time between two chat.update edits of a growing answer (default 1,000 ms). */
  updateIntervalMs?: number;
  /** Display names kept in memory (default 5,000) and how long (default 1 hour). */
  userNameCacheSize?: number;
  userNameTtlMs?: number;
  /** How long stop() waits for answers already being written (default 10,000 ms). */
  drainTimeoutMs?: number;
  /** MAX_FILE_BYTES and MAX_MESSAGE_FILE_BYTES (defaults 10 MB and 16 MB). */
  fileLimits?: FileLimits;
  /** SLACK_SUGGESTED_PROMPTS: shown at the top of the Messages tab (up to four). */
  suggestedPrompts?: readonly string[];
}

/** The Slack adapter: a {@link PlatformAdapter} that also reports its HTTP port. */
export interface SlackAdapter extends PlatformAdapter {
  /** The bound HTTP port after start() in HTTP mode; undefined in Socket Mode or before start. */
  readonly port: number | undefined;
  /** "http" or "socket", decided from the config. */
  readonly mode: 'http' | 'socket';
}

/** What the Slack adapter needs besides its config: the common deps and the store's shared sets. */
export interface SlackAdapterDeps extends AdapterDeps {
  /** Where the adapter keeps who started which threads (shared sets, so every process sees every entry). */
  coordination: Coordination;
}
