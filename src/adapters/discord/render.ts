// Pure text functions for Discord's side: splitting long answers into messages.
import { splitMarkdown } from '../shared/markdown-split.js';

/** Discord rejects a message `content` longer than this. */
export const DISCORD_MESSAGE_LIMIT = 2000;

/**
 * Splits text into pieces of at most `limit` characters, at paragraph, line or word boundaries; a code
 * block cut in two is closed and reopened with its language (../shared/markdown-split.ts).
 */
export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  const pieces = splitMarkdown(text, limit);
  // Callers index the first piece, so even an empty text gives one (empty) piece.
  return pieces.length > 0 ? pieces : [text];
}

/** The text shown while an answer is still forming: the split pieces, with a marker on the last. */
export function previewPieces(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  return splitMessage(`${text} ${STREAMING_MARKER}`, limit);
}

/** Appended to a reply while it is still being written, so readers know more is coming. */
export const STREAMING_MARKER = '…';
