// Discord application commands from the command table: registered at start-up, answered privately.
import type { ChatInputCommandInteraction, Client, Interaction } from 'discord.js';
import { AttachmentBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder } from './discord-js.js';
import { commandTable, findCommand, runCommand, type CommandDeps, type CommandDefinition, type ReceivedFile } from '../../commands/index.js';
import { userMessageFor, type DeliveryDedupe, type Logger } from '../../core/index.js';
import { fetchAttachment } from './attachments.js';
import { discordGuide } from './guide.js';
import { keyFor } from './keys.js';
import { placeOfInteraction } from './places.js';

/** The table's commands as Discord definitions; usable in guild channels, threads and DMs with the bot. */
export const commandDefinitions = commandTable.map((command) => {
  const builder = new SlashCommandBuilder()
    .setName(command.name)
    .setDescription(command.description)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM);
  for (const arg of command.args) builder.addAttachmentOption((option) => option.setName(arg.name).setDescription(arg.description).setRequired(arg.required));
  return builder;
});

/**
 * Registers the commands with one PUT, which replaces the whole set: restarts never duplicate them.
 * With a guild id they are registered in that guild only (instant, for development), else globally.
 */
export async function registerCommands(client: Client<true>, guildId?: string): Promise<void> {
  const json = commandDefinitions.map((command) => command.toJSON());
  if (guildId) await client.application.commands.set(json, guildId);
  else await client.application.commands.set(json);
}

/** What the interaction handler needs. */
export interface InteractionHandlerDeps {
  commands: CommandDeps;
  logger: Logger;
  dedupe: DeliveryDedupe;
}

/** Handles interactionCreate for the table's commands: never throws, logs a structured line on failure. */
export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  const { logger, dedupe } = deps;
  return async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const command = findCommand(interaction.commandName);
    if (!command) return;
    if (!(await dedupe.firstSeen(`discord:interaction:${interaction.id}`))) return;
    try {
      // Deferred first: the first response is due within 3 s, and a store or export may take longer.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await run(interaction, command);
    } catch (error) {
      logger.error('discord.command_failed', { command: interaction.commandName, interactionId: interaction.id, error });
      if (interaction.deferred) await interaction.editReply({ content: userMessageFor(error) }).catch(() => undefined);
    }
  };

  async function run(interaction: ChatInputCommandInteraction, command: CommandDefinition): Promise<void> {
    // A command acts on the conversation of the place it was typed in; the core refuses anyone who never spoke there.
    const key = keyFor(await placeOfInteraction(interaction));
    const file = await attachedFile(interaction, command);
    const reply = await runCommand(deps.commands, command, {
      requesterId: interaction.user.id,
      target: { keys: [key], scope: 'this-conversation' },
      guide: discordGuide,
      ...(file ? { file } : {}),
    });
    await interaction.editReply({
      content: reply.text,
      files: (reply.files ?? []).map((item) => new AttachmentBuilder(Buffer.from(item.content, 'utf8'), { name: item.name })),
    });
  }

  async function attachedFile(interaction: ChatInputCommandInteraction, command: CommandDefinition): Promise<ReceivedFile | undefined> {
    const arg = command.args.find((candidate) => candidate.kind === 'file');
    const attachment = arg ? interaction.options.getAttachment(arg.name) : null;
    return attachment ? fetchAttachment(attachment, deps.commands.maxImportBytes) : undefined;
  }
}
