// Reads a DiscordPlace off discord.js objects, fetching a channel only when its kind or parent is unknown.
import type { ChatInputCommandInteraction, Message, TextBasedChannel } from 'discord.js';
import type { DiscordPlace } from './keys.js';

/** The place a message was sent in; a thread is never mistaken for a channel, even when uncached. */
export async function placeOfMessage(message: Message): Promise<DiscordPlace> {
  return {
    guildId: message.guildId,
    channelId: message.channelId,
    threadParentId: message.guildId ? await threadParentOf(message.channel) : null,
    userId: message.author.id,
  };
}

/** The place a slash command was typed in (the thread itself inside a thread, as Discord reports it). */
export async function placeOfInteraction(interaction: ChatInputCommandInteraction): Promise<DiscordPlace> {
  let channel: TextBasedChannel | null = interaction.channel;
  if (interaction.guildId && !channel) {
    channel = (await interaction.client.channels.fetch(interaction.channelId)) as TextBasedChannel | null;
  }
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    threadParentId: interaction.guildId && channel ? await threadParentOf(channel) : null,
    userId: interaction.user.id,
  };
}

// A thread first seen in a MESSAGE_CREATE (not in GUILD_CREATE or THREAD_CREATE) is built from the
// message alone: discord.js knows it is a thread (channel_type) but not its parent, so fetch it.
async function threadParentOf(channel: TextBasedChannel): Promise<string | null> {
  let current = channel;
  if (current.partial || (current.isThread() && !current.parentId)) current = (await current.fetch(true)) as TextBasedChannel;
  return current.isThread() ? current.parentId : null;
}
