// Attachments of a Discord message, offered to the shared gatherer and fetched from their CDN URL.
import type { Attachment as DiscordAttachment, Collection, Message } from 'discord.js';
import { downloadFile, type OfferedFile } from '../shared/files.js';

/** The message's attachments as {@link OfferedFile}s (CDN URLs need no token; they expire, so they are fetched now). */
export function offeredDiscordFiles(attachments: Collection<string, DiscordAttachment>): OfferedFile[] {
  return [...attachments.values()].map((attachment) => {
    const name = attachment.name || 'file';
    const mediaType = attachment.contentType ?? '';
    return { name, mediaType, size: attachment.size, download: (maxBytes) => downloadFile(attachment.url, { name, mediaType, maxBytes }) };
  });
}

/** The id under which a message's turn is found again when it is edited or deleted (snowflakes are unique). */
export function discordSourceId(message: Pick<Message, 'id'>): string {
  return `discord:${message.id}`;
}
