// DISCORD_AUTO_THREAD: a mention in a text channel opens a thread for the answer, and the thread is
// then one conversation (shared by everyone in it), as a mention's thread is in Slack.
import type { Message, SendableChannels } from 'discord.js';
import { ChannelType } from './discord-js.js';
import type { Logger } from '../../core/index.js';
import type { DiscordPlace } from './keys.js';

// Discord allows thread names of up to 100 characters.
const THREAD_NAME_CHARS = 90;
// A day without messages archives the thread (it reopens when someone writes in it).
const AUTO_ARCHIVE_MINUTES = 1440;

/** Where a message is answered: its own place, or the thread opened under it. */
export interface AnswerPlace {
  place: DiscordPlace;
  into?: SendableChannels;
}

/**
 * Opens a thread under a channel-level message when asked to; a thread, a DM, or a failure (no
 * permission to create threads) leaves the answer where it was, in the channel.
 */
export async function answerPlace(message: Message, place: DiscordPlace, text: string, enabled: boolean, logger: Logger): Promise<AnswerPlace> {
  if (!enabled || !place.guildId || place.threadParentId || message.channel.type !== ChannelType.GuildText) return { place };
  try {
    const thread = await message.startThread({ name: threadName(text), autoArchiveDuration: AUTO_ARCHIVE_MINUTES });
    return { place: { ...place, channelId: thread.id, threadParentId: place.channelId }, into: thread };
  } catch (error) {
    logger.warn('discord.thread_failed', { messageId: message.id, error });
    return { place };
  }
}

function threadName(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || 'Conversation with Parley';
  return line.length <= THREAD_NAME_CHARS ? line : `${line.slice(0, THREAD_NAME_CHARS - 1).trimEnd()}…`;
}
