// Maps a Discord place (guild, channel, thread, DM) to the one conversation it belongs to.
import { conversationKey, type ConversationAddress, type ConversationKey } from '../../core/index.js';

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

// Stands in for a guild id in DM conversations, which belong to no guild.
const DM_WORKSPACE = '@dm';

/**
 * The conversation of a place: a DM is the user's own; a thread is shared by its participants;
 * at channel level each user has their own conversation in each channel.
 */
export function addressFor(place: DiscordPlace): ConversationAddress {
  if (!place.guildId) return { platform: 'discord', workspaceId: DM_WORKSPACE, scope: { kind: 'dm', userId: place.userId } };
  if (place.threadParentId) {
    return { platform: 'discord', workspaceId: place.guildId, scope: { kind: 'thread', channelId: place.threadParentId, threadId: place.channelId } };
  }
  return { platform: 'discord', workspaceId: place.guildId, scope: { kind: 'channel-user', channelId: place.channelId, userId: place.userId } };
}

/** The conversation key of a place. */
export function keyFor(place: DiscordPlace): ConversationKey {
  return conversationKey(addressFor(place));
}

/** The channel allow-lists see: a thread counts as its parent channel. */
export function listedChannelOf(place: DiscordPlace): string {
  return place.threadParentId ?? place.channelId;
}
