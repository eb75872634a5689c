// Maps a Discord place (guild, channel, thread, DM) to the one conversation it belongs to.
import { conversationKey, type ConversationKey, type MessageAddress } from '../../core/index.js';

/** Where a message or command came from, reduced to what decides its conversation. */
export interface DiscordPlace {
  /** Null in DMs. */
  guildId: string | null;
  /** The channel the message is in: the thread itself inside a thread. */
  channelId: string;
  /** The thread's parent channel; set only inside a thread. */
  threadParentId?: string | null;
  userId: string;
}

/** The name the Discord adapter declares: the first part of every Discord conversation key. */
export const DISCORD = 'discord';

// Stands in for a guild id in DM conversations, which belong to no guild.
const DM_WORKSPACE = '@dm';

/**
 * The address of a place: a DM is the user's own conversation; a thread is shared by its participants;
 * at channel level each user has their own conversation in each channel. A thread's channel is its
 * parent, which is also what the channel allow-lists see.
 */
export function addressFor(place: DiscordPlace): MessageAddress {
  const { userId } = place;
  if (!place.guildId) return { platform: DISCORD, workspaceId: DM_WORKSPACE, channelId: place.channelId, userId, audience: 'dm' };
  if (place.threadParentId) {
    return { platform: DISCORD, workspaceId: place.guildId, channelId: place.threadParentId, threadId: place.channelId, userId, audience: 'shared' };
  }
  return { platform: DISCORD, workspaceId: place.guildId, channelId: place.channelId, userId, audience: 'shared' };
}

/** The conversation key of a place. */
export function keyFor(place: DiscordPlace): ConversationKey {
  return conversationKey(addressFor(place));
}
