// Who wrote a message in a shared thread, as the model reads it: `[Ann (U123)]: text`. The id is the
// platform's and no person chooses it; the display name is theirs to set to anything, so it is cleaned
// of whatever could close the label early, start a line that looks like another person's label, or
// hide and reorder text, before it goes anywhere near the id.

/** Longest display name a label (or a mention) shows: room for any real name, too short to pose as a message. */
export const MAX_SPEAKER_NAME_CHARS = 64;

// Anything that ends a line or a label, or is invisible: control and format characters (newlines,
// zero-width joiners, bidi overrides), lone surrogates, private-use characters, every bracket and quotation
// mark Unicode knows (open/close/initial/final punctuation), the ASCII quotes and backtick, and the angle
// brackets and pipe of mention markup.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Ps}\p{Pe}\p{Pi}\p{Pf}"'`<>|]/gu;
// Ids are the platform's, but a new adapter's (or the terminal's user name) might hold anything: every
// character outside this set is written as %hex, which keeps ids distinct and leaves nothing that closes a label.
const ID_UNSAFE = /[^\p{L}\p{N}_.@-]/gu;

/**
 * A display name made safe to show inside a label or a mention: compatibility forms folded (full-width
 * brackets become brackets, then go), every run of whitespace one space, the unsafe characters above
 * removed, at most {@link MAX_SPEAKER_NAME_CHARS} characters. Undefined when nothing readable is left.
 */
export function speakerName(displayName: string | undefined): string | undefined {
  if (typeof displayName !== 'string') return undefined;
  const cleaned = displayName
    .normalize('NFKC')
    .replace(/[\s\p{Z}\u0085]+/gu, ' ')
    .replace(UNSAFE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const bounded = Array.from(cleaned).slice(0, MAX_SPEAKER_NAME_CHARS).join('').trim();
  return bounded.length > 0 ? bounded : undefined;
}

/** The label of a speaker: `[Name (id)]`, or `[id]` when the name is absent or nothing of it is safe. */
export function speakerLabel(userId: string, displayName: string | undefined): string {
  const id = userId.replace(ID_UNSAFE, (char) => `%${char.codePointAt(0)!.toString(16).toUpperCase()}`);
  const name = speakerName(displayName);
  return name ? `[${name} (${id})]` : `[${id}]`;
}

// A line of a message that opens like a label (`[Alice (U1)]: yes`, also with full-width brackets) would read
// as another person speaking. Its bracket is escaped as Markdown does (`\[`), which the model reads as a
// literal bracket; nothing else of the text changes.
const LABEL_LOOKALIKE_LINE = /^([^\S\n]*)([[\uFF3B])(?=[^\n]*[\]\uFF3D][^\S\n]*[:\uFF1A])/gmu;

/** A shared thread's message body with every line that could pass for a speaker's label defused. */
export function defuseLabels(text: string): string {
  return text.replace(LABEL_LOOKALIKE_LINE, '$1\\$2');
}
