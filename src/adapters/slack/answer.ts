// Answers one person's message: finds its conversation, asks the core, and writes the reply.
import { runCommand, type CommandDefinition } from '../../commands/index.js';
import { userMessageFor, type IncomingMessage } from '../../core/index.js';
import { sendCommandFiles } from './command-reply.js';
import type { SlackContext } from './context.js';
import { slackGuide } from './guide.js';
import { dmKey, replyThreadTs, startedThreadsIndex, threadKey } from './keys.js';
import { mentionedUserIds, toPlainText } from './markup.js';
import { messageCommand, type PersonMessage } from './message-filter.js';
import { deliverTurn, slackErrorCode } from './reply-stream.js';

/** Handles a message that passed the filters: a thread command, or a turn answered in place. */
export async function answer(ctx: SlackContext, message: PersonMessage): Promise<void> {
  const text = await plainText(ctx, message.text);
  const command = messageCommand(text, message.kind);
  if (command) return commandMessage(ctx, message, command);
  const threadTs = message.kind === 'mention' ? replyThreadTs(message) : message.threadTs;
  const key = message.kind === 'dm' ? dmKey(message.teamId, message.user) : threadKey(message.teamId, message.channel, threadTs!);
  const conversation = ctx.logger.pseudonym(key);
  if (message.kind === 'mention' && message.threadTs === undefined) {
    // A top-level mention roots a new thread: /reset and /export in this channel act on it for its author.
    const index = startedThreadsIndex(message.teamId, message.channel, message.user);
    await ctx.parley.addToIndex(index, key).catch((error: unknown) => ctx.logger.warn('slack.index_failed', { conversation, error }));
  }
  const shared = message.kind === 'mention';
  const displayName = shared ? await ctx.names.nameOf(message.user) : undefined;
  const incoming: IncomingMessage = {
    key,
    text,
    author: { id: message.user, ...(displayName ? { displayName } : {}) },
    shared,
    channelId: message.channel,
    workspaceId: message.teamId,
  };
  await deliverTurn(
    ctx.parley.stream(incoming),
    { channel: message.channel, ...(threadTs ? { threadTs } : {}), recipientUserId: message.user, recipientTeamId: message.userTeamId },
    ctx,
    { conversation, kind: message.kind },
  );
}

/**
 * A command written as a message: `@bot reset` in a thread acts on that thread (a top-level mention on the
 * thread it roots, which is new), `help` in the DM on the DM. Answered only to the speaker.
 */
async function commandMessage(ctx: SlackContext, message: PersonMessage, command: CommandDefinition): Promise<void> {
  const tell = (text: string) =>
    message.kind === 'dm'
      ? ctx.writer.chat.postMessage({ channel: message.channel, text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) })
      : ctx.writer.chat.postEphemeral({ channel: message.channel, user: message.user, text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) });
  try {
    const key = message.kind === 'dm' ? dmKey(message.teamId, message.user) : threadKey(message.teamId, message.channel, replyThreadTs(message));
    const reply = await runCommand(ctx.commands, command, { requesterId: message.user, target: { keys: [key], scope: 'this-conversation' }, guide: slackGuide });
    await tell(await sendCommandFiles(ctx, reply, message.user));
  } catch (error) {
    ctx.logger.warn('slack.command_failed', { command: command.name, slackError: slackErrorCode(error), error });
    await tell(userMessageFor(error)).catch((tellError: unknown) => ctx.logger.warn('slack.reply_failed', { slackError: slackErrorCode(tellError), error: tellError }));
  }
}

/** The message as the model reads it: markup resolved, other people's mentions as names. */
async function plainText(ctx: SlackContext, raw: string): Promise<string> {
  const others = mentionedUserIds(raw).filter((id) => id !== ctx.bot.userId);
  const names = others.length > 0 ? await ctx.names.namesOf(others) : new Map<string, string>();
  return toPlainText(raw, { botUserId: ctx.bot.userId, nameOf: (id) => names.get(id) });
}
