// messageCreate → core: decides whether a message is for the bot, maps it to its conversation, answers it.
import type { Client, Message } from 'discord.js';
import { MessageType } from './discord-js.js';
import { DeliveryFailed, ReplyBuilder, type IncomingMessage, type Logger, type Parley, type PendingHold, type PendingRecovery } from '../../core/index.js';
import { gatherFiles, type FileLimits } from '../shared/files.js';
import { discordSourceId, offeredDiscordFiles } from './attachments.js';
import { answerPlace } from './auto-thread.js';
import { DISCORD, addressFor } from './keys.js';
import { readableText, type MentionNames } from './mentions.js';
import { placeOfMessage } from './places.js';
import { progressText } from './progress.js';
import { startReplyStream } from './reply-stream.js';

/** What the message handler needs. */
export interface MessageHandlerDeps {
  parley: Parley;
  logger: Logger;
  editIntervalMs: number;
  typingIntervalMs: number;
  fileLimits: FileLimits;
  /** DISCORD_AUTO_THREAD: answer channel mentions in a thread of their own. */
  autoThread?: boolean;
}

// Only what a person types; joins, pins, boosts, thread-created notices and the like are not questions.
const CONVERSATIONAL_TYPES = new Set<MessageType>([MessageType.Default, MessageType.Reply]);

/** The name Discord's pending messages are recorded under. */
export const PENDING_PLATFORM = DISCORD;

/** What is recorded of a message being answered: enough to fetch it again through REST. */
export interface HeldMessage {
  channelId: string;
  messageId: string;
}

/** The message handlers: one for messageCreate, one for a message a process that died had taken. */
export interface MessageHandler {
  /** Handles one messageCreate: never throws, logs a structured line on failure. */
  received(message: Message): Promise<void>;
  /**
   * Answers (or, past PENDING_MAX_AGE_MS, asks again for) a message a process that died had taken,
   * fetched again by its ids; throws when it cannot be fetched (deleted since), and the core logs that.
   */
  resume(client: Client<true>, held: HeldMessage, recovery: PendingRecovery): Promise<void>;
}

/** Creates the message handlers. */
export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  const { parley, logger } = deps;
  return {
    async received(message) {
      let hold: PendingHold | undefined;
      try {
        if (!(await isForBot(message))) return;
        // A RESUME replays events the client may already have handled, and another shard process or a
        // restarted one may see the same message: the claim in the shared store answers each message once.
        if (!(await parley.firstDelivery(`discord:message:${message.id}`))) {
          logger.debug('discord.message_duplicate', { messageId: message.id });
          return;
        }
        // The gateway takes no acknowledgement to hold back, so the record comes as early as it can:
        // right after the claim.
        const held: HeldMessage = { channelId: message.channelId, messageId: message.id };
        hold = await parley.holdPending(PENDING_PLATFORM, `discord:${message.id}`, held);
        await answer(message);
      } catch (error) {
        logger.error('discord.message_failed', { messageId: message.id, error });
      } finally {
        await hold?.settle();
      }
    },
    async resume(client, held, recovery) {
      const channel = await client.channels.fetch(held.channelId);
      if (!channel?.isTextBased()) throw new Error(`channel ${held.channelId} is gone or not a text channel`);
      const message = await channel.messages.fetch(held.messageId);
      if (recovery.action === 'resend') {
        await message.reply({ content: recovery.line, allowedMentions: { parse: [], repliedUser: false } });
        return;
      }
      await answer(message, { receivedAt: recovery.receivedAt.toISOString() });
    },
  };

  async function answer(message: Message, recovered?: { receivedAt: string }): Promise<void> {
    const botId = message.client.user.id;
    const text = readableText(message.content, botId, namesFrom(message));
    const { place, into } = await answerPlace(message, await placeOfMessage(message), text, deps.autoThread ?? false, logger);
    const address = addressFor(place);
    // Typing starts before the files are fetched: the person sees Parley on it at once.
    const reply = startReplyStream(message, { editIntervalMs: deps.editIntervalMs, typingIntervalMs: deps.typingIntervalMs, logger, ...(into ? { into } : {}) });
    const files = message.attachments.size > 0 ? await gatherFiles(offeredDiscordFiles(message.attachments), deps.fileLimits, logger) : undefined;
    if (files?.notices.length) {
      await message.reply({ content: files.notices.join('\n'), allowedMentions: { parse: [], repliedUser: false } }).catch((error: unknown) => logger.warn('discord.reply_failed', { error }));
      // Only refused files and no words: the notice was the answer, and the model is not called.
      if (files.attachments.length === 0 && text.trim() === '') {
        reply.cancel();
        logger.debug('discord.answered', { messageId: message.id, ok: true });
        return;
      }
    }
    const incoming: IncomingMessage = {
      address,
      text,
      displayName: message.member?.displayName ?? message.author.displayName,
      sourceId: discordSourceId(message),
      ...(recovered ? { recovered } : {}),
      ...(files?.attachments.length ? { attachments: files.attachments } : {}),
    };
    const builder = new ReplyBuilder();
    let ok = true;
    try {
      // The tool last started stays named under the words until the model writes again: a fast tool
      // is still visible, and the wait for the model's next step is explained.
      let toolInUse: string | undefined;
      for await (const event of parley.stream(incoming)) {
        if (event.type === 'tool_started') toolInUse = event.name;
        else if (event.type === 'text') toolInUse = undefined;
        if (builder.apply(event) || event.type === 'tool_started') reply.update(progressText(builder.visibleText, toolInUse));
      }
    } catch (error) {
      // The core already logged the turn failure with its code; this line ties it to the message.
      logger.warn('discord.turn_failed', { messageId: message.id, code: (error as { code?: string }).code, error });
      ok = false;
      builder.fail(error);
      await reply.fail(builder.visibleText);
    }
    if (ok) {
      try {
        await reply.finish(builder.visibleText);
      } catch (error) {
        // The turn is stored; Discord refused to show it. The person still gets a line saying so.
        logger.warn('discord.reply_refused', { messageId: message.id, error });
        ok = false;
        builder.fail(new DeliveryFailed('Discord refused the answer', { cause: error }));
        await reply.fail(builder.view.error!);
      }
    }
    // The end of a message's handling, reply posted: what operators (and tests) can wait on.
    logger.debug('discord.answered', { messageId: message.id, ok });
  }
}

/** True when a message is a person talking to the bot: a DM, a user mention of the bot, or a reply to it. */
export async function isForBot(message: Message): Promise<boolean> {
  const botId = message.client.user.id;
  if (message.author.id === botId || message.author.bot || message.webhookId || message.system) return false;
  if (!CONVERSATIONAL_TYPES.has(message.type)) return false;
  if (!message.inGuild()) return true;
  // A user mention of the bot itself; @everyone/@here and role mentions do not count.
  if (message.mentions.users.has(botId)) return true;
  return repliesToBot(message, botId);
}

async function repliesToBot(message: Message<true>, botId: string): Promise<boolean> {
  if (!message.reference?.messageId) return false;
  // Discord includes the referenced message, so repliedUser is usually known without a request.
  const repliedUser = message.mentions.repliedUser;
  if (repliedUser) return repliedUser.id === botId;
  if (message.reference.channelId !== message.channelId) return false;
  const referenced = await message.fetchReference().catch(() => undefined);
  return referenced?.author.id === botId;
}

/** Names for the mentions in a message, from discord.js's caches. */
export function namesFrom(message: Message): MentionNames {
  const { client, guild } = message;
  return {
    user: (id) => guild?.members.cache.get(id)?.displayName ?? client.users.cache.get(id)?.displayName,
    channel: (id) => {
      const channel = client.channels.cache.get(id);
      return channel && 'name' in channel && channel.name ? channel.name : undefined;
    },
    role: (id) => guild?.roles.cache.get(id)?.name,
  };
}
