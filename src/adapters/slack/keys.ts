// Maps Slack places (threads, DMs, channels) to the core's conversation keys and index names.
import { conversationKey, type ConversationKey } from '../../core/index.js';

/** The conversation of a channel thread, shared by everyone who talks in it. */
export function threadKey(teamId: string, channelId: string, threadTs: string): ConversationKey {
  return conversationKey({ platform: 'slack', workspaceId: teamId, scope: { kind: 'thread', channelId, threadId: threadTs } });
}

/** A user's own continuing DM conversation with the bot (its top level; each DM thread is a thread conversation). */
export function dmKey(teamId: string, userId: string): ConversationKey {
  return conversationKey({ platform: 'slack', workspaceId: teamId, scope: { kind: 'dm', userId } });
}

/** Index of the thread conversations one user started in one channel, for /reset and /export there. */
export function startedThreadsIndex(teamId: string, channelId: string, userId: string): string {
  return `slack:${teamId}:${channelId}:${userId}`;
}

/**
 * True for a one-to-one DM with the bot. Slack names the IM channel of a slash command
 * "directmessage", and IM channel ids start with D (group DMs start with G or C and are not ours alone).
 */
export function isDirectMessage(channelId: string, channelName?: string): boolean {
  return channelName === 'directmessage' || channelId.startsWith('D');
}

/** The thread a reply to a channel message belongs in: the message's thread, or a new one under it. */
export function replyThreadTs(message: { ts: string; threadTs?: string | undefined }): string {
  return message.threadTs ?? message.ts;
}

/** The platform-qualified id of a message, under which its turn is found again when it is edited or deleted. */
export function slackSourceId(teamId: string, channelId: string, ts: string): string {
  return `slack:${teamId}:${channelId}:${ts}`;
}
