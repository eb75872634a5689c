import type { FileLimits } from '../shared/files.js';

/** Settings of the Discord adapter; main.ts maps DISCORD_* variables onto these. */
export interface DiscordAdapterConfig {
  /** The bot token (DISCORD_TOKEN). */
  token: string;
  /** REST base without the version, e.g. `https://discord.com/api` (DISCORD_API_URL); discord.js appends /v10. */
  apiUrl?: string;
  /** Registers /reset and /export in this guild only (DISCORD_GUILD_ID): instant, for development. */
  guildId?: string;
  /** Least time between two edits of a streaming reply (default 1,000 ms). */
  editIntervalMs?: number;
  /** How often the typing indicator is renewed while an answer forms (default 8,000 ms). */
  typingIntervalMs?: number;
  /** How long stop() waits for answers in progress before disconnecting (default 10,000 ms). */
  drainTimeoutMs?: number;
  /** Shards this process runs (DISCORD_SHARDS), of `shardCount` in all (DISCORD_SHARD_COUNT); unset: discord.js decides. */
  shards?: readonly number[];
  shardCount?: number;
  /** MAX_FILE_BYTES and MAX_MESSAGE_FILE_BYTES (defaults 10 MB and 16 MB). */
  fileLimits?: FileLimits;
  /** DISCORD_AUTO_THREAD: a mention in a text channel opens a thread for the answer (default false). */
  autoThread?: boolean;
}
