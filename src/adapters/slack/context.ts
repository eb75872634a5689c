// What every Slack handler shares: the core, the clients, the caches and the bot's identity.
import type { webApi } from '@slack/bolt';
import type { CommandDeps } from '../../commands/index.js';
import type { DeliveryDedupe, Logger, Parley } from '../../core/index.js';
import type { FileLimits } from '../shared/files.js';
import type { StatusSwitch } from './agent.js';
import type { StreamingSwitch } from './reply-stream.js';
import type { StartedThreads } from './started-threads.js';
import type { UserNames } from './user-names.js';

/** The bot's own identity from auth.test. */
export interface BotIdentity {
  /** The bot user's id (U…): its mentions are stripped and its messages ignored. */
  userId: string;
  /** The bot id (B…) carried as `bot_id` on the bot's own messages. */
  botId?: string;
}

/** Shared state and services of one running Slack adapter. */
export interface SlackContext {
  parley: Parley;
  /** What the command table runs against. */
  commands: CommandDeps;
  logger: Logger;
  bot: BotIdentity;
  /** Bolt's client, with the SDK's retries: reads and idempotent calls. */
  reader: webApi.WebClient;
  /** The client for posts, edits, streams and uploads: never retries what Slack may have received. */
  writer: webApi.WebClient;
  names: UserNames;
  streaming: StreamingSwitch;
  /** Off once Slack said this app cannot set an assistant status; turns then show a reaction. */
  statusSwitch: StatusSwitch;
  /** Limits on the files of one message. */
  fileLimits: FileLimits;
  /** The bot token, sent with file downloads (and only to Slack's hosts). */
  botToken: string;
  /** SLACK_API_URL, whose host file downloads may also use (GovSlack, test fakes). */
  apiUrl?: string;
  dedupe: DeliveryDedupe;
  /** The threads each person started in each channel, which channel-level /reset and /export reach. */
  threads: StartedThreads;
  updateIntervalMs?: number;
  /** Runs a handler's work so stop() can wait for it; never rejects. */
  track(work: () => Promise<void>): Promise<void>;
}
