// Reads a DiscordPlace off discord.js objects, fetching a channel only when its kind is unknown.
import type { ChatInputCommandInteraction, Message, TextBasedChannel } from 'discord.js';
import type { DiscordPlace } from './keys.js';

/** The place a message was sent in; a partial guild channel is fetched so a thread is never mistaken for a channel. */
export async function placeOfMessage(message: Message): Promise<DiscordPlace> {
  const channel = message.guildId ? await complete(message.channel) : message.channel;
  return {
    guildId: message.guildId,
    channelId: message.channelId,
    threadParentId: channel?.isThread() ? channel.parentId : null,
    userId: message.author.id,
  };
}

/** The place a slash command was typed in (the thread itself inside a thread, as Discord reports it). */
export async function placeOfInteraction(interaction: ChatInputCommandInteraction): Promise<DiscordPlace> {
  let channel: TextBasedChannel | null = interaction.channel;
  if (interaction.guildId && (!channel || channel.partial)) {
    // Interactions carry a partial channel; fetch it when discord.js could not tell its type.
    channel = (await interaction.client.channels.fetch(interaction.channelId).catch(() => null)) as TextBasedChannel | null;
  }
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    threadParentId: channel?.isThread() ? channel.parentId : null,
    userId: interaction.user.id,
  };
}

async function complete(channel: TextBasedChannel): Promise<TextBasedChannel> {
  if (!channel.partial) return channel;
  return (await channel.fetch()) as TextBasedChannel;
}
