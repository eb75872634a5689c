// Answers one person's message: finds its conversation, shows that Parley is on it, reads the files,
// asks the core, and writes the reply; a message that is a command goes to the command table instead.
import { runCommand, type CommandDefinition } from '../../commands/index.js';
import { conversationKey, isShared, userMessageFor, type IncomingMessage, type TurnEvent } from '../../core/index.js';
import { gatherFiles } from '../shared/files.js';
import { fetchImportFile } from '../shared/import-file.js';
import { titleThread, TurnStatus } from './agent.js';
import { sendCommandFiles } from './command-reply.js';
import type { SlackContext } from './context.js';
import { offeredSlackFiles } from './files.js';
import { slackGuide } from './guide.js';
import { replyThreadTs, slackAddress, slackKey, slackSourceId } from './keys.js';
import { mentionedUserIds, toPlainText } from './markup.js';
import { messageCommand, type PersonMessage } from './message-filter.js';
import { deliverTurn, slackErrorCode, type ReplyTarget } from './reply-stream.js';

/**
 * Handles a message that passed the filters: a thread command, or a turn answered in place. `recovered`
 * is set when answering it again after the process that took it died.
 */
export async function answer(ctx: SlackContext, message: PersonMessage, recovered?: { receivedAt: string }): Promise<void> {
  const text = await plainText(ctx, message.text);
  const command = messageCommand(text, message);
  if (command) return commandMessage(ctx, message, command);
  const threadTs = message.kind === 'mention' ? replyThreadTs(message) : message.threadTs;
  // A DM's top level is the person's continuing conversation; each thread inside the DM is a chat of its own.
  const address = slackAddress({ teamId: message.teamId, channel: message.channel, threadTs, user: message.user, dm: message.kind === 'dm' });
  const key = conversationKey(address);
  const conversation = ctx.logger.pseudonym(key);
  if (threadTs && (message.kind === 'dm' || message.threadTs === undefined)) {
    // Threads someone started with a mention (or inside their DM) are what /reset and /export reach there.
    await ctx.threads.add(message.teamId, message.channel, message.user, key).catch((error: unknown) => ctx.logger.warn('slack.index_failed', { conversation, error }));
  }
  const target = replyTargetOf(message);
  const status = new TurnStatus(ctx, { channel: message.channel, threadTs: threadTs ?? message.ts, messageTs: message.ts });
  await status.start();
  try {
    const files = message.files.length > 0 ? await gatherFiles(offeredSlackFiles(message.files, ctx.botToken, ctx.apiUrl), ctx.fileLimits, ctx.logger) : undefined;
    if (files?.notices.length) await notify(ctx, target, files.notices.join('\n'));
    // Only refused files and no words: the notice was the answer, and the model is not called.
    if (files && files.attachments.length === 0 && text.trim() === '') return;
    const displayName = isShared(address) ? await ctx.names.nameOf(message.user) : undefined;
    const incoming: IncomingMessage = {
      address,
      text,
      ...(displayName ? { displayName } : {}),
      sourceId: slackSourceId(message.teamId, message.channel, message.ts),
      ...(recovered ? { recovered } : {}),
      ...(files?.attachments.length ? { attachments: files.attachments } : {}),
    };
    // A top-level DM reply is not in the thread the status names (the person's message): that one is cleared.
    const answered = () => (threadTs ? status.repliedInThread() : undefined);
    const result = await deliverTurn(showingTools(ctx.parley.stream(incoming), status), target, ctx, { conversation, kind: message.kind }, answered);
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

/** Where the answer to a message goes: its thread (a mention roots one), or the DM's top level. */
export function replyTargetOf(message: PersonMessage): ReplyTarget {
  const threadTs = message.kind === 'mention' ? replyThreadTs(message) : message.threadTs;
  return { channel: message.channel, ...(threadTs ? { threadTs } : {}), recipientUserId: message.user, recipientTeamId: message.userTeamId };
}

/** A short line in the reply's place (refused files, a message to send again); a failure to post it is only logged. */
export async function notify(ctx: SlackContext, target: ReplyTarget, text: string): Promise<void> {
  await ctx.writer.chat
    .postMessage({ channel: target.channel, ...(target.threadTs ? { thread_ts: target.threadTs } : {}), text })
    .catch((error: unknown) => ctx.logger.warn('slack.reply_failed', { slackError: slackErrorCode(error), error }));
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
    // A DM's top level is the person's own conversation; a thread (in the DM or a channel) is its own.
    const threadTs = message.kind === 'mention' ? replyThreadTs(message) : message.threadTs;
    const key = slackKey({ teamId: message.teamId, channel: message.channel, threadTs, user: message.user, dm: message.kind === 'dm' });
    const offered = command.args.some((arg) => arg.kind === 'file') ? offeredSlackFiles(message.files, ctx.botToken, ctx.apiUrl)[0] : undefined;
    const file = offered ? await fetchImportFile(offered, ctx.commands.maxImportBytes) : undefined;
    const reply = await runCommand(ctx.commands, command, {
      requesterId: message.user,
      target: { keys: [key], scope: 'this-conversation' },
      guide: slackGuide,
      ...(file ? { file } : {}),
    });
    await tell(await sendCommandFiles(ctx, reply, message.user));
  } catch (error) {
    ctx.logger.warn('slack.command_failed', { command: command.name, slackError: slackErrorCode(error), error });
    await tell(userMessageFor(error)).catch((tellError: unknown) => ctx.logger.warn('slack.reply_failed', { slackError: slackErrorCode(tellError), error: tellError }));
  }
}

/** The message as the model reads it: markup resolved, other people's mentions as names. */
export async function plainText(ctx: SlackContext, raw: string): Promise<string> {
  const others = mentionedUserIds(raw).filter((id) => id !== ctx.bot.userId);
  const names = others.length > 0 ? await ctx.names.namesOf(others) : new Map<string, string>();
  return toPlainText(raw, { botUserId: ctx.bot.userId, nameOf: (id) => names.get(id) });
}
