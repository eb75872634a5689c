// Maps Slack places (threads, DMs, channels) to the core's message addresses, and names the thread index.
import { conversationKey, type ConversationKey, type MessageAddress } from '../../core/index.js';

/** The name the Slack adapter declares: the first part of every Slack conversation key. */
export const SLACK = 'slack';

/** Where a Slack message was written, and by whom. */
export interface SlackPlace {
  teamId: string;
  channel: string;
  /** The thread's root ts; absent at a DM's top level. */
  threadTs?: string | undefined;
  user: string;
  /** True in the person's one-to-one DM with the bot. */
  dm: boolean;
}

/**
 * The address of a Slack place: a thread (in a channel, shared by everyone in it; in the DM, the
 * person's own), or the DM's top level, which is the person's continuing conversation.
 */
export function slackAddress(place: SlackPlace): MessageAddress {
  return {
    platform: SLACK,
    workspaceId: place.teamId,
    channelId: place.channel,
    ...(place.threadTs ? { threadId: place.threadTs } : {}),
    userId: place.user,
    audience: place.dm ? 'dm' : 'shared',
  };
}

/** The conversation key of a Slack place. */
export function slackKey(place: SlackPlace): ConversationKey {
  return conversationKey(slackAddress(place));
}

/**
 * The shared set listing the thread conversations one user started in one channel, for /reset and
 * /export there. The name is the one earlier versions wrote, so existing indexes stay readable.
 */
export function startedThreadsIndex(teamId: string, channelId: string, userId: string): string {
  return `index:slack:${teamId}:${channelId}:${userId}`;
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
  return `${SLACK}:${teamId}:${channelId}:${ts}`;
}
