// Reads a file a person attached to a slash command (the export handed to /import).
import type { Attachment } from 'discord.js';
import type { ReceivedFile } from '../../commands/index.js';
import { downloadText, tooLarge } from '../shared/download.js';

/** The attachment's text; Discord states its size, so an oversized file is refused before downloading. */
export async function fetchAttachment(attachment: Attachment, maxBytes: number): Promise<ReceivedFile> {
  if (attachment.size > maxBytes) throw tooLarge({ name: attachment.name, maxBytes }, attachment.size);
  return { name: attachment.name, text: await downloadText(attachment.url, { name: attachment.name, maxBytes }) };
}
