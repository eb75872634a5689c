// Delivers a command's answer in Slack: the line privately where it was asked, any files in the requester's DM.
import type { CommandReply } from '../../commands/index.js';
import type { SlackContext } from './context.js';

/**
 * Uploads the reply's files (an export) to the requester's own DM with the bot, so nothing is posted
 * where others see it, and returns the line to show where the command was run.
 */
export async function sendCommandFiles(ctx: SlackContext, reply: CommandReply, userId: string): Promise<string> {
  if (!reply.files || reply.files.length === 0) return reply.text;
  const opened = await ctx.reader.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await ctx.writer.filesUploadV2({
    channel_id: channelId,
    initial_comment: reply.text,
    file_uploads: reply.files.map((file) => ({ content: file.content, filename: file.name, title: file.name })),
  });
  return `${reply.text} I've sent ${reply.files.map((file) => file.name).join(' and ')} to our DM.`;
}
