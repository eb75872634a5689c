// Attachments of a Discord message or command, offered to the shared readers and fetched from their CDN URL.
import type { Attachment as DiscordAttachment, Collection, Message } from 'discord.js';
import type { ReceivedFile } from '../../commands/index.js';
import { downloadFile, type OfferedFile } from '../shared/files.js';
import { fetchImportFile } from '../shared/import-file.js';

/** The message's attachments as {@link OfferedFile}s (CDN URLs need no token; they expire, so they are fetched now). */
export function offeredDiscordFiles(attachments: Collection<string, DiscordAttachment>): OfferedFile[] {
  return [...attachments.values()].map(offeredFile);
}

/** The id under which a message's turn is found again when it is edited or deleted (snowflakes are unique). */
export function discordSourceId(message: Pick<Message, 'id'>): string {
  return `discord:${message.id}`;
}

/** The text of a file attached to a slash command (/import's export); Discord states its size, so an oversized one is refused before downloading. */
export function fetchAttachment(attachment: DiscordAttachment, maxBytes: number): Promise<ReceivedFile> {
  return fetchImportFile(offeredFile(attachment), maxBytes);
}

function offeredFile(attachment: DiscordAttachment): OfferedFile {
  const name = attachment.name || 'file';
  const mediaType = attachment.contentType ?? '';
  return { name, mediaType, size: attachment.size, download: (maxBytes) => downloadFile(attachment.url, { name, mediaType, maxBytes }) };
}
