// Reads a file a person attached to a slash command (the export handed to /import).
import type { Attachment } from 'discord.js';
import type { ReceivedFile } from '../../commands/index.js';
import { downloadFile } from '../shared/files.js';
import { fetchImportFile } from '../shared/import-file.js';

/** The attachment's text; Discord states its size, so an oversized file is refused before downloading. */
export function fetchAttachment(attachment: Attachment, maxBytes: number): Promise<ReceivedFile> {
  const mediaType = attachment.contentType ?? 'application/json';
  return fetchImportFile(
    { name: attachment.name, mediaType, size: attachment.size, download: (limit) => downloadFile(attachment.url, { name: attachment.name, mediaType, maxBytes: limit }) },
    maxBytes,
  );
}
