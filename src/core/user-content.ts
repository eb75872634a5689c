// The user message of a turn: the person's text (speaker-labelled in shared threads) and their files.
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { attachmentNote, fileDataLength, readAttachment, type AttachmentSummary } from './attachments.js';
import { labelled } from './incoming-message.js';
import type { IncomingMessage, ModelMessage, StoredTurn } from './types.js';

/** The user message and what its files add to the stored turn. */
export interface UserInput {
  message: ModelMessage;
  attachments: AttachmentSummary[];
  fileBytes: number;
}

/**
 * Builds the user message. Without files it is the text, as always; with files it is a text block
 * (the text and a line naming the files, since an image block carries no name) followed by one block
 * per file. Throws FileRefused for a file the API would not take.
 */
export function userInput(message: IncomingMessage): UserInput {
  const files = (message.attachments ?? []).map(readAttachment);
  if (files.length === 0) return { message: { role: 'user', content: labelled(message) }, attachments: [], fileBytes: 0 };
  const attachments = files.map((file) => file.summary);
  const content: ContentBlockParam[] = [{ type: 'text', text: textWithNote(labelled(message), message.text, attachments) }, ...files.map((file) => file.block)];
  return { message: { role: 'user', content }, attachments, fileBytes: fileDataLength(content) };
}

/** The turn's user message with its text replaced by an edit; its files stay. */
export function editedUserMessage(turn: StoredTurn, edit: Pick<IncomingMessage, 'address' | 'text' | 'displayName'>): ModelMessage {
  const original = turn.messages[0]!;
  if (!turn.attachments?.length || typeof original.content === 'string') return { role: 'user', content: labelled(edit) };
  const [, ...files] = original.content;
  return { role: 'user', content: [{ type: 'text', text: textWithNote(labelled(edit), edit.text, turn.attachments) }, ...files] };
}

/** What stands in for a message its author deleted: the reply after it stays, answering this. */
export const DELETED_MESSAGE = '(This message was deleted by its author.)';

function textWithNote(labelledText: string, rawText: string, attachments: readonly AttachmentSummary[]): string {
  const note = attachmentNote(attachments);
  // A shared thread's label stays even when the person sent only files, so the model knows whose they are.
  if (rawText.trim().length === 0) return labelledText.trim().length > 0 && labelledText !== rawText ? `${labelledText.trimEnd()} ${note}` : note;
  return `${labelledText}\n\n${note}`;
}
