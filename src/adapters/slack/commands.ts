// Slash commands from the command table: acknowledged at once, answered privately to the invoker.
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { runCommand, slackSlashCommands, type CommandDefinition, type CommandTarget } from '../../commands/index.js';
import { userMessageFor } from '../../core/index.js';
import { sendCommandFiles } from './command-reply.js';
import type { SlackContext } from './context.js';
import { slackGuide } from './guide.js';
import { isDirectMessage, slackKey } from './keys.js';
import { exactly } from './listeners.js';
import { slackErrorCode } from './reply-stream.js';

/**
 * Registers every slash command of the table (slack-manifest.yaml declares the same set) as one Bolt
 * listener matching exactly their names: Bolt runs every listener's chain for every payload, a DM
 * included, so one listener for all commands costs less than one each (listeners.ts).
 */
export function registerCommands(app: App, ctx: SlackContext): void {
  const byName = new Map(slackSlashCommands().map((definition) => [`/${definition.name}`, definition]));
  app.command(exactly(byName.keys()), async ({ command, ack, respond }) => {
    const definition = byName.get(command.command)!;
    await acknowledge(ctx, ack);
    // Not awaited: Bolt holds the HTTP acknowledgement until this listener returns (processBeforeResponse).
    if (await firstInvocation(ctx, command)) void ctx.track(() => run(ctx, definition, command, respond));
  });
}

// Slack retries a slash command whose acknowledgement it did not see, with the same trigger_id: the
// retry may reach another process. One invocation, one answer.
async function firstInvocation(ctx: SlackContext, command: SlashCommand): Promise<boolean> {
  if (!command.trigger_id || (await ctx.dedupe.firstSeen(`slack:trigger:${command.trigger_id}`))) return true;
  ctx.logger.debug('slack.duplicate_command_ignored', { command: command.command });
  return false;
}

// Slack shows "operation_timeout" unless a command is acknowledged within 3 s, so ack comes before any work.
async function acknowledge(ctx: SlackContext, ack: () => Promise<void>): Promise<void> {
  try {
    await ack();
  } catch (error) {
    ctx.logger.warn('slack.ack_failed', { error });
  }
}

/**
 * In the invoker's DM with the bot, a command acts on their DM conversation and its threads; in a
 * channel, on the threads they started there with a mention. The core checks participation for every key.
 */
async function run(ctx: SlackContext, definition: CommandDefinition, command: SlashCommand, respond: RespondFn): Promise<void> {
  try {
    const inDm = isDirectMessage(command.channel_id, command.channel_name);
    // Slash commands cannot be typed inside threads, so in the DM they reach its threads' chats too.
    const started = await ctx.threads.list(command.team_id, command.channel_id, command.user_id);
    const target: CommandTarget = inDm
      ? { keys: [slackKey({ teamId: command.team_id, channel: command.channel_id, user: command.user_id, dm: true }), ...started], scope: 'this-conversation' }
      : { keys: started, scope: 'started-threads' };
    const reply = await runCommand(ctx.commands, definition, { requesterId: command.user_id, target, guide: slackGuide });
    await respond({ response_type: 'ephemeral', text: await sendCommandFiles(ctx, reply, command.user_id) });
  } catch (error) {
    ctx.logger.warn('slack.command_failed', { command: definition.name, slackError: slackErrorCode(error), error });
    await respond({ response_type: 'ephemeral', text: userMessageFor(error) }).catch((respondError: unknown) =>
      ctx.logger.warn('slack.respond_failed', { command: definition.name, error: respondError }),
    );
  }
}
