import { EmptyInput, InputTooLong, ParleyError, ShuttingDown } from './errors.js';
import { conversationKey, isShared, type ConversationKey } from './conversation-key.js';
import { defuseLabels, speakerLabel } from './speaker-label.js';
import type { IncomingMessage } from './types.js';

// Characters that show nothing: a mention followed only by these is as empty as a bare mention.
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;
// A UTF-16 half without its partner (cut by a client or a platform): not valid Unicode on the wire.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Refuses a message the core must not answer (while closing, malformed, empty or too long); otherwise
 * returns the key of its conversation, built from its address.
 */
export function checkedKey(message: IncomingMessage, maxInputChars: number, closing: boolean): ConversationKey {
  if (closing) throw new ShuttingDown();
  // An adapter bug (or a payload it did not expect) must end this one turn, never the handler.
  const key = keyOf(message);
  if (typeof message.text !== 'string') throw new ParleyError('internal', 'malformed message: an adapter passed no text');
  // Files alone are a message: an image with no words is a question about the image.
  if (message.text.replace(INVISIBLE, '').length === 0 && !(message.attachments?.length)) throw new EmptyInput();
  if (message.text.length > maxInputChars) throw new InputTooLong(maxInputChars, message.text.length);
  return key;
}

function keyOf(message: IncomingMessage): ConversationKey {
  try {
    return conversationKey(message.address);
  } catch (error) {
    throw new ParleyError('internal', `malformed message: an adapter passed an unusable address (${(error as Error).message})`);
  }
}

// In a shared thread the model must know who is speaking; the label is part of the stored text.
/** The text stored and sent for a message: valid Unicode; in shared threads speaker-labelled, with label look-alike lines defused (see speaker-label.ts). */
export function labelled(message: Pick<IncomingMessage, 'address' | 'text' | 'displayName'>): string {
  const text = message.text.replace(LONE_SURROGATE, '\uFFFD');
  return isShared(message.address) ? `${speakerLabel(message.address.userId, message.displayName)}: ${defuseLabels(text)}` : text;
}
