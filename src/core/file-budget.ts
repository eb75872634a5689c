// Keeps a request under the API's 32 MB body limit however many files a conversation holds. The token
// budget does not: an image costs ~1,600 tokens but up to 5 MB of base64, so twenty of them would fit
// the window and still be refused, and a refused request would fail every later turn too.
import { fileStub, isFileBlock } from './attachments.js';
import type { ModelMessage, StoredTurn } from './types.js';

/** Base64 characters of files one request may carry: 24 MiB, leaving 8 MB of the 32 MB limit for text. */
export const REQUEST_FILE_BUDGET = 24 * 1024 * 1024;

/**
 * The history's messages, with the files of the oldest turns replaced by a one-line note once the
 * newer ones (and the new message's `reserved` characters) have used the budget. Text is never dropped.
 */
export function historyWithinFileBudget(turns: readonly StoredTurn[], reserved: number, budget = REQUEST_FILE_BUDGET): ModelMessage[] {
  let left = budget - reserved;
  const messages: ModelMessage[][] = [];
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const bytes = turn.fileBytes ?? 0;
    if (bytes === 0 || bytes <= left) {
      left -= bytes;
      messages.push(turn.messages);
    } else {
      messages.push(turn.messages.map(withoutFiles));
    }
  }
  // A plain loop, as in turnMessages: this runs on every turn.
  const out: ModelMessage[] = [];
  for (let i = messages.length - 1; i >= 0; i--) for (const message of messages[i]!) out.push(message);
  return out;
}

const NOT_SENT = '(A file from earlier in this conversation is no longer sent: the request would be too large.)';

function withoutFiles(message: ModelMessage): ModelMessage {
  if (typeof message.content === 'string' || !message.content.some(isFileBlock)) return message;
  const content = message.content.map((block) => (isFileBlock(block) ? fileStub(NOT_SENT) : block));
  return { ...message, content } as ModelMessage;
}
