// Posting, editing and deleting Parley's own reply messages through discord.js's REST manager.
//
// Why not channel.send / message.reply / message.edit: those build a MessagePayload for each call and
// turn every response into a Message that is added to the channel's cache, none of which a reply
// stream reads (it needs the new message's id, nothing else). On the Discord e2e path that layer
// was measurable per turn (bench/RESULTS.md "Discord replies through the REST manager"). The REST
// manager underneath is the same, so rate limits, retries and DiscordAPIError stay discord.js's.
import type { APIAllowedMentions, REST, RESTPatchAPIChannelMessageJSONBody, RESTPostAPIChannelMessageJSONBody, RESTPostAPIChannelMessageResult } from 'discord.js';
import { Routes } from './discord-js.js';

// Replies never ping anyone through the model's text (@everyone, roles, users); the person being
// answered is notified by the reply itself.
const QUIET: APIAllowedMentions = { parse: [], replied_user: true };

/** A message Parley posted, as much of it as later edits need. */
export interface OwnMessage {
  channelId: string;
  id: string;
}

/** Posts `content` in a channel, as a reply to `replyTo` (a message id in that channel) when given. */
export async function postOwn(rest: REST, channelId: string, content: string, replyTo?: string): Promise<OwnMessage> {
  const body: RESTPostAPIChannelMessageJSONBody = {
    content,
    allowed_mentions: QUIET,
    // As discord.js's message.reply() sends it (its failIfNotExists default): a question deleted
    // meanwhile makes the post fail rather than appear as a stray message.
    ...(replyTo ? { message_reference: { message_id: replyTo, fail_if_not_exists: true } } : {}),
  };
  const posted = (await rest.post(Routes.channelMessages(channelId), { body })) as RESTPostAPIChannelMessageResult;
  return { channelId, id: posted.id };
}

/** Replaces the text of a message Parley posted. */
export async function editOwn(rest: REST, message: OwnMessage, content: string): Promise<void> {
  const body: RESTPatchAPIChannelMessageJSONBody = { content, allowed_mentions: QUIET };
  await rest.patch(Routes.channelMessage(message.channelId, message.id), { body });
}

/** Deletes a message Parley posted. */
export async function deleteOwn(rest: REST, message: OwnMessage): Promise<void> {
  await rest.delete(Routes.channelMessage(message.channelId, message.id));
}
