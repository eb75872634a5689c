// /reset and /export: their definitions, their registration at start-up, and their handling.
import {
  AttachmentBuilder,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
} from 'discord.js';
import { userMessageFor, type Logger, type Parley } from '../../core/index.js';
import { keyFor } from './keys.js';
import { placeOfInteraction } from './places.js';

/** The slash commands Parley registers; usable in guild channels, threads and DMs with the bot. */
export const commandDefinitions = [
  new SlashCommandBuilder()
    .setName('reset')
    .setDescription('Forget this conversation (yours here, or this thread)')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
  new SlashCommandBuilder()
    .setName('export')
    .setDescription('Get a private copy of this conversation as JSON and Markdown')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
];

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
  parley: Parley;
  logger: Logger;
}

const RESET_DONE = 'Done: I have forgotten this conversation.';
const RESET_NOTHING = 'There is no conversation of yours here to forget.';
const EXPORT_NOTHING = 'There is no conversation of yours here to export.';

/** Handles interactionCreate for /reset and /export: never throws, logs a structured line on failure. */
export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  const { parley, logger } = deps;
  return async (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    if (interaction.commandName !== 'reset' && interaction.commandName !== 'export') return;
    if (!(await parley.firstDelivery(`discord:interaction:${interaction.id}`))) return;
    try {
      // Deferred first: the first response is due within 3 s, and a store or export may take longer.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      if (interaction.commandName === 'reset') await reset(interaction);
      else await exportConversation(interaction);
    } catch (error) {
      logger.error('discord.command_failed', { command: interaction.commandName, interactionId: interaction.id, error });
      if (interaction.deferred) await interaction.editReply({ content: userMessageFor(error) }).catch(() => undefined);
    }
  };

  async function reset(interaction: ChatInputCommandInteraction): Promise<void> {
    const key = keyFor(await placeOfInteraction(interaction));
    // The core refuses anyone who never spoke in the conversation, as if it did not exist.
    const deleted = await parley.reset(key, interaction.user.id);
    await interaction.editReply({ content: deleted ? RESET_DONE : RESET_NOTHING });
  }

  async function exportConversation(interaction: ChatInputCommandInteraction): Promise<void> {
    const key = keyFor(await placeOfInteraction(interaction));
    const exported = await parley.exportConversation(key, interaction.user.id);
    if (!exported) {
      await interaction.editReply({ content: EXPORT_NOTHING });
      return;
    }
    await interaction.editReply({
      content: `Here is this conversation: ${exported.messageCount} messages, ${exported.usage.inputTokens} input / ${exported.usage.outputTokens} output tokens.`,
      files: [
        new AttachmentBuilder(Buffer.from(exported.json, 'utf8'), { name: 'conversation.json' }),
        new AttachmentBuilder(Buffer.from(exported.markdown, 'utf8'), { name: 'conversation.md' }),
      ],
    });
  }
}
