// Reset and export of a person's conversations, shared by the slash commands and `@bot reset` in a thread.
import type { ConversationExport, ConversationKey } from '../../core/index.js';
import type { SlackContext } from './context.js';

/** Where a reset or export acts: one conversation (a thread, a DM) or the threads someone started in a channel. */
export type ActionScope = 'this-conversation' | 'started-threads';

/**
 * Deletes those of `keys` the requester took part in and returns the confirmation line.
 * The core refuses conversations the requester was never part of, so a key list can never reach further.
 */
export async function resetConversations(ctx: SlackContext, keys: readonly ConversationKey[], userId: string, scope: ActionScope): Promise<string> {
  let count = 0;
  for (const key of keys) if (await ctx.parley.reset(key, userId)) count++;
  if (count === 0) return scope === 'started-threads' ? "You haven't started a conversation with me in this channel, so there's nothing to forget." : "There's nothing of yours to forget here.";
  if (scope === 'this-conversation') return "Done: I've forgotten this conversation. The next message starts afresh.";
  return count === 1 ? "Done: I've forgotten the conversation you started in this channel." : `Done: I've forgotten the ${count} conversations you started in this channel.`;
}

/**
 * Exports those of `keys` the requester took part in, sends the JSON and Markdown files to the
 * requester's own DM with the bot, and returns the confirmation line. Nothing is posted where others see it.
 */
export async function exportConversations(ctx: SlackContext, keys: readonly ConversationKey[], userId: string, scope: ActionScope): Promise<string> {
  const exports: ConversationExport[] = [];
  for (const key of keys) {
    const found = await ctx.parley.exportConversation(key, userId);
    if (found) exports.push(found);
  }
  if (exports.length === 0) return scope === 'started-threads' ? "You haven't started a conversation with me in this channel, so there's nothing to export." : "There's no conversation of yours to export here.";
  const opened = await ctx.reader.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await ctx.writer.filesUploadV2({
    channel_id: channelId,
    initial_comment: exports.length === 1 ? 'Your conversation with me, as JSON and Markdown.' : `Your ${exports.length} conversations with me, as JSON and Markdown.`,
    file_uploads: exports.flatMap((item, i) => {
      const suffix = exports.length === 1 ? '' : `-${i + 1}`;
      return [
        { content: item.json, filename: `conversation${suffix}.json`, title: `conversation${suffix}.json` },
        { content: item.markdown, filename: `conversation${suffix}.md`, title: `conversation${suffix}.md` },
      ];
    }),
  });
  return exports.length === 1 ? "I've sent you this conversation in our DM (conversation.json and conversation.md)." : `I've sent you ${exports.length} conversations in our DM.`;
}
