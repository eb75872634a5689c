import { EmptyInput, InputTooLong, ParleyError, ShuttingDown } from './errors.js';
import type { IncomingMessage } from './types.js';

// Characters that show nothing: a mention followed only by these is as empty as a bare mention.
const INVISIBLE = /[\s\u200B-\u200D\u2060\uFEFF]/g;
// A UTF-16 half without its partner (cut by a client or a platform): not valid Unicode on the wire.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Refuses a message the core must not answer: while closing, malformed, empty or too long. */
export function validate(message: IncomingMessage, maxInputChars: number, closing: boolean): void {
  if (closing) throw new ShuttingDown();
  // An adapter bug (or a payload it did not expect) must end this one turn, never the handler.
  if (typeof message?.key !== 'string' || !message.key || typeof message.text !== 'string' || typeof message.author?.id !== 'string' || !message.author.id) {
    throw new ParleyError('internal', 'malformed message: an adapter passed no key, text or author id');
  }
  // Files alone are a message: an image with no words is a question about the image.
  if (message.text.replace(INVISIBLE, '').length === 0 && !(message.attachments?.length)) throw new EmptyInput();
  if (message.text.length > maxInputChars) throw new InputTooLong(maxInputChars, message.text.length);
}

// In a shared thread the model must know who is speaking; the label is part of the stored text.
/** The text stored and sent for a message: valid Unicode, speaker-labelled in shared threads. */
export function labelled(message: Pick<IncomingMessage, 'text' | 'author' | 'shared'>): string {
  const name = message.author.displayName ?? message.author.id;
  const text = message.text.replace(LONE_SURROGATE, '\uFFFD');
  return message.shared ? `[${name}]: ${text}` : text;
}
