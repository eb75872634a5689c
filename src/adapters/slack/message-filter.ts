// Decides which Slack message events are a person talking to the bot, and normalizes them.
import { findCommand, type CommandDefinition } from '../../commands/index.js';
import type { BotIdentity } from './context.js';
import { filesOf, type SlackFile } from './files.js';

/** A message from a person that the bot should answer. */
export interface PersonMessage {
  /** A mention in a channel (answered in its thread) or a message in the user's DM with the bot. */
  kind: 'mention' | 'dm';
  /** The workspace that installed the bot (the envelope's team_id). */
  teamId: string;
  /** The speaker's own workspace, which differs in Slack Connect channels; streams are addressed to it. */
  userTeamId: string;
  channel: string;
  user: string;
  /** Raw Slack text, markup included. */
  text: string;
  ts: string;
  /** Set when the message was written inside a thread. */
  threadTs?: string;
  /** Files shared with the message (subtype file_share in DMs; mentions carry them too). */
  files: SlackFile[];
}

// Subtypes that are a person talking: plain messages, messages with files, and thread replies also sent
// to the channel. Everything else (edits, deletions, joins, topics, bot messages…) is not for the bot.
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * The message as a {@link PersonMessage}, or undefined when the bot must not answer it: its own or
 * another bot's messages, edits, deletions, joins, and, in channels, anything but an app_mention
 * (a mention also arrives as a plain message event where the app reads channel history).
 */
export function personMessage(type: 'app_mention' | 'message', event: unknown, envelopeTeamId: string | undefined, bot: BotIdentity): PersonMessage | undefined {
  if (!isRecord(event)) return undefined;
  const { subtype, user, channel, ts } = event;
  const text = typeof event.text === 'string' ? event.text : '';
  if (!PERSON_SUBTYPES.has(subtype as string | undefined)) return undefined;
  if (event.bot_id !== undefined || event.bot_profile !== undefined || event.hidden === true) return undefined;
  if (typeof user !== 'string' || user === '' || user === bot.userId) return undefined;
  if (typeof channel !== 'string' || typeof ts !== 'string') return undefined;
  const files = filesOf(event);
  if (subtype === 'file_share' && text.trim() === '' && files.length === 0) return undefined;
  const isDm = event.channel_type === 'im' || channel.startsWith('D');
  if (type === 'message' && !isDm) return undefined;
  const teamId = envelopeTeamId ?? (typeof event.team === 'string' ? event.team : undefined);
  if (!teamId) return undefined;
  const threadTs = typeof event.thread_ts === 'string' && event.thread_ts !== '' ? event.thread_ts : undefined;
  return {
    kind: isDm ? 'dm' : 'mention',
    teamId,
    userTeamId: typeof event.user_team === 'string' ? event.user_team : typeof event.team === 'string' ? event.team : teamId,
    channel,
    user,
    text,
    ts,
    ...(threadTs ? { threadTs } : {}),
    files,
  };
}

/**
 * The command a message is, if it is one: in a mention or a thread of the DM, any command of the table
 * by name (`@bot reset`, optionally with a slash or a full stop); at the DM's top level only those Slack
 * has no slash command for (`help`, `import`), since a DM saying "reset" may well be a question. A
 * message with files is a command only for a command that takes a file (`import` with the export).
 */
export function messageCommand(plainText: string, message: Pick<PersonMessage, 'kind' | 'threadTs' | 'files'>): CommandDefinition | undefined {
  const match = /^\/?([a-z]+)[.!?]?$/i.exec(plainText.trim());
  const command = match ? findCommand(match[1]!) : undefined;
  if (!command) return undefined;
  const takesFile = command.args.some((arg) => arg.kind === 'file');
  if (message.files.length > 0 && !takesFile) return undefined;
  return message.kind === 'mention' || message.threadTs !== undefined || !command.slackSlash ? command : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
