// The /reset and /export slash commands: acknowledged at once, answered privately to the invoker.
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { userMessageFor, type ConversationKey } from '../../core/index.js';
import { exportConversations, resetConversations, type ActionScope } from './actions.js';
import type { SlackContext } from './context.js';
import { dmKey, isDirectMessage, startedThreadsIndex } from './keys.js';
import { slackErrorCode } from './reply-stream.js';

/** The commands, as named in slack-manifest.yaml. */
export const COMMANDS = { reset: '/reset', export: '/export' } as const;

/** Registers /reset and /export. */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(COMMANDS.reset, async ({ command, ack, respond }) => {
    await acknowledge(ctx, ack);
    if (await firstInvocation(ctx, command)) await ctx.track(() => run(ctx, 'reset', command, respond));
  });
  app.command(COMMANDS.export, async ({ command, ack, respond }) => {
    await acknowledge(ctx, ack);
    if (await firstInvocation(ctx, command)) await ctx.track(() => run(ctx, 'export', command, respond));
  });
}

// Slack shows "operation_timeout" unless a command is acknowledged within 3 s, so ack comes before any work.
async function acknowledge(ctx: SlackContext, ack: () => Promise<void>): Promise<void> {
  try {
    await ack();
  } catch (error) {
    ctx.logger.warn('slack.ack_failed', { error });
  }
}

// Slack retries a slash command whose acknowledgement it did not see, with the same trigger_id: the
// retry may reach another process. One invocation, one answer.
async function firstInvocation(ctx: SlackContext, command: SlashCommand): Promise<boolean> {
  if (!command.trigger_id || (await ctx.parley.firstDelivery(`slack:trigger:${command.trigger_id}`))) return true;
  ctx.logger.debug('slack.duplicate_command_ignored', { command: command.command });
  return false;
}

/**
 * In the invoker's DM with the bot, a command acts on their DM conversation and its threads; in a
 * channel, on the threads they started there with a mention. The core checks participation for every key.
 */
async function run(ctx: SlackContext, name: 'reset' | 'export', command: SlashCommand, respond: RespondFn): Promise<void> {
  try {
    const inDm = isDirectMessage(command.channel_id, command.channel_name);
    const scope: ActionScope = inDm ? 'this-conversation' : 'started-threads';
    // Slash commands cannot be typed inside threads, so in the DM they reach its threads' chats too.
    const started = await ctx.parley.listIndexed(startedThreadsIndex(command.team_id, command.channel_id, command.user_id));
    const keys: ConversationKey[] = inDm ? [dmKey(command.team_id, command.user_id), ...started] : started;
    const line = name === 'reset' ? await resetConversations(ctx, keys, command.user_id, scope) : await exportConversations(ctx, keys, command.user_id, scope);
    await respond({ response_type: 'ephemeral', text: line });
  } catch (error) {
    ctx.logger.warn('slack.command_failed', { command: name, slackError: slackErrorCode(error), error });
    await respond({ response_type: 'ephemeral', text: userMessageFor(error) }).catch((respondError: unknown) =>
      ctx.logger.warn('slack.respond_failed', { command: name, error: respondError }),
    );
  }
}
