// message_deleted / message_changed in a person's DM with the bot: the stored history follows.
import type { SlackContext } from './context.js';
import { plainText } from './answer.js';
import { slackAddress, slackSourceId } from './keys.js';

/** True for the two subtypes this file handles. */
export function isAmendment(event: unknown): event is Record<string, any> {
  const subtype = (event as { subtype?: unknown } | null)?.subtype;
  return subtype === 'message_deleted' || subtype === 'message_changed';
}

/**
 * Applies a deletion or edit of a person's DM message to its stored turn. Channels are not read
 * (Parley asks for no channel history scope), so only IMs arrive here; the bot's own edits (streamed
 * and edited answers) and edits that leave the text as it was (link previews) are ignored.
 */
export async function amend(ctx: SlackContext, event: Record<string, any>, teamId: string | undefined): Promise<void> {
  const channel = event.channel;
  const isDm = event.channel_type === 'im' || (typeof channel === 'string' && channel.startsWith('D'));
  if (!isDm || typeof channel !== 'string' || !teamId) return;
  const previous = event.previous_message ?? {};
  if (event.subtype === 'message_deleted') {
    const ts = event.deleted_ts ?? previous.ts;
    if (typeof ts !== 'string' || !isPerson(ctx, previous)) return;
    const done = await ctx.parley.amendMessage(slackSourceId(teamId, channel, ts), { kind: 'deleted' });
    ctx.logger.debug('slack.message_deleted', { applied: done });
    return;
  }
  const message = event.message ?? {};
  if (typeof message.ts !== 'string' || !isPerson(ctx, message) || message.text === previous.text) return;
  const text = await plainText(ctx, typeof message.text === 'string' ? message.text : '');
  const address = slackAddress({ teamId, channel, threadTs: typeof message.thread_ts === 'string' ? message.thread_ts : undefined, user: message.user, dm: true });
  const done = await ctx.parley.amendMessage(slackSourceId(teamId, channel, message.ts), { kind: 'edited', message: { address, text } });
  ctx.logger.debug('slack.message_edited', { applied: done });
}

function isPerson(ctx: SlackContext, message: Record<string, any>): boolean {
  return typeof message.user === 'string' && message.user !== ctx.bot.userId && message.bot_id === undefined;
}
