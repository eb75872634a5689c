// Answers one person's message: finds its conversation, shows that Parley is on it, reads the files,
// asks the core, and writes the reply.
import { userMessageFor, type IncomingMessage, type TurnEvent } from '../../core/index.js';
import { gatherFiles } from '../shared/files.js';
import { exportConversations, resetConversations } from './actions.js';
import { titleThread, TurnStatus } from './agent.js';
import type { SlackContext } from './context.js';
import { offeredSlackFiles } from './files.js';
import { dmKey, replyThreadTs, slackSourceId, startedThreadsIndex, threadKey } from './keys.js';
import { mentionedUserIds, toPlainText } from './markup.js';
import { threadCommand, type PersonMessage } from './message-filter.js';
import { deliverTurn, slackErrorCode, type ReplyTarget } from './reply-stream.js';

/** Handles a message that passed the filters: a thread command, or a turn answered in place. */
export async function answer(ctx: SlackContext, message: PersonMessage): Promise<void> {
  const text = await plainText(ctx, message.text);
  // In a channel thread (by mention) or a DM thread, "reset" / "export" alone act on that thread.
  if (message.kind === 'mention' || (message.threadTs && message.files.length === 0)) {
    const command = threadCommand(text);
    if (command) return threadAction(ctx, message, command);
  }
  const threadTs = message.kind === 'mention' ? replyThreadTs(message) : message.threadTs;
  // A DM's top level is the person's continuing conversation; each thread inside the DM is a chat of its own.
  const key = message.kind === 'dm' && !threadTs ? dmKey(message.teamId, message.user) : threadKey(message.teamId, message.channel, threadTs!);
  const conversation = ctx.logger.pseudonym(key);
  if (threadTs && (message.kind === 'dm' || message.threadTs === undefined)) {
    // Threads someone started with a mention (or inside their DM) are what /reset and /export reach there.
    const index = startedThreadsIndex(message.teamId, message.channel, message.user);
    await ctx.parley.addToIndex(index, key).catch((error: unknown) => ctx.logger.warn('slack.index_failed', { conversation, error }));
  }
  const target: ReplyTarget = { channel: message.channel, ...(threadTs ? { threadTs } : {}), recipientUserId: message.user, recipientTeamId: message.userTeamId };
  const status = new TurnStatus(ctx, { channel: message.channel, threadTs: threadTs ?? message.ts, messageTs: message.ts });
  await status.start();
  try {
    const files = message.files.length > 0 ? await gatherFiles(offeredSlackFiles(message.files, ctx.botToken, ctx.apiUrl), ctx.fileLimits, ctx.logger) : undefined;
    if (files?.notices.length) await notify(ctx, target, files.notices.join('\n'));
    // Only refused files and no words: the notice was the answer, and the model is not called.
    if (files && files.attachments.length === 0 && text.trim() === '') return;
    const shared = message.kind === 'mention';
    const displayName = shared ? await ctx.names.nameOf(message.user) : undefined;
    const incoming: IncomingMessage = {
      key,
      text,
      author: { id: message.user, ...(displayName ? { displayName } : {}) },
      shared,
      channelId: message.channel,
      workspaceId: message.teamId,
      sourceId: slackSourceId(message.teamId, message.channel, message.ts),
      ...(files?.attachments.length ? { attachments: files.attachments } : {}),
    };
    const result = await deliverTurn(showingTools(ctx.parley.stream(incoming), status), target, ctx, { conversation, kind: message.kind });
    if (result?.turnIndex === 0 && message.kind === 'dm' && threadTs) {
      await titleThread(ctx, message.channel, threadTs, text || (files?.attachments.map((file) => file.name).join(', ') ?? ''));
    }
  } finally {
    await status.clear();
  }
}

/** Passes a turn's events through, naming each tool in the status line as it starts. */
async function* showingTools(events: AsyncIterable<TurnEvent>, status: TurnStatus): AsyncIterable<TurnEvent> {
  for await (const event of events) {
    if (event.type === 'tool_started') await status.tool(event.name);
    yield event;
  }
}

/** A short line in the reply's place (refused files); a failure to post it is only logged. */
async function notify(ctx: SlackContext, target: ReplyTarget, text: string): Promise<void> {
  await ctx.writer.chat
    .postMessage({ channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), text })
    .catch((error: unknown) => ctx.logger.warn('slack.reply_failed', { slackError: slackErrorCode(error), error }));
}

/** `@bot reset` / `@bot export` inside a thread: acts on that thread for the speaker, answered only to them. */
async function threadAction(ctx: SlackContext, message: PersonMessage, command: 'reset' | 'export'): Promise<void> {
  const tell = (text: string) =>
    ctx.writer.chat.postEphemeral({ channel: message.channel, user: message.user, text, ...(message.threadTs ? { thread_ts: message.threadTs } : {}) });
  try {
    if (!message.threadTs) {
      await tell(`There's no conversation here yet. Mention me with a question to start one, or use /${command} for the threads you started in this channel.`);
      return;
    }
    const keys = [threadKey(message.teamId, message.channel, message.threadTs)];
    const line = command === 'reset' ? await resetConversations(ctx, keys, message.user, 'this-conversation') : await exportConversations(ctx, keys, message.user, 'this-conversation');
    await tell(line);
  } catch (error) {
    ctx.logger.warn('slack.command_failed', { command, slackError: slackErrorCode(error), error });
    await tell(userMessageFor(error)).catch((tellError: unknown) => ctx.logger.warn('slack.reply_failed', { slackError: slackErrorCode(tellError), error: tellError }));
  }
}

/** The message as the model reads it: markup resolved, other people's mentions as names. */
export async function plainText(ctx: SlackContext, raw: string): Promise<string> {
  const others = mentionedUserIds(raw).filter((id) => id !== ctx.bot.userId);
  const names = others.length > 0 ? await ctx.names.namesOf(others) : new Map<string, string>();
  return toPlainText(raw, { botUserId: ctx.bot.userId, nameOf: (id) => names.get(id) });
}
