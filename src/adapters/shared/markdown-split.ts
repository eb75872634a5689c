// Splitting a CommonMark answer into platform-sized messages without breaking code blocks. Shared by
// the Slack and Discord adapters: only the size limit differs between them.

// A cut earlier than this share of the limit wastes a message; below it, take a worse boundary further on.
const MIN_FILL = 0.5;

interface Fence {
  /** The opening line, e.g. "```ts", repeated at the top of the next message. */
  open: string;
  /** The closing marker, e.g. "```" or "~~~~". */
  close: string;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fence state after a line, given the state before it (CommonMark: a closing fence is at least as long, same char). */
function nextFence(line: string, fence: Fence | undefined): Fence | undefined {
  const match = FENCE_LINE.exec(line);
  if (!match) return fence;
  const marker = match[1]!;
  if (!fence) {
    // A backtick fence's info string cannot contain a backtick; such a line is inline code, not a fence.
    if (marker.startsWith('`') && match[2]!.includes('`')) return undefined;
    return { open: line.trim(), close: marker };
  }
  const closes = marker[0] === fence.close[0] && marker.length >= fence.close.length && match[2]!.trim() === '';
  return closes ? undefined : fence;
}

/** The fence still open at the end of a text, if any. */
export function openFence(text: string): Fence | undefined {
  let fence: Fence | undefined;
  for (const line of text.split('\n')) fence = nextFence(line, fence);
  return fence;
}

/** A text with any open code fence closed, so a partial answer (a preview) renders sanely. */
export function closeOpenFence(text: string): string {
  const fence = openFence(text);
  return fence ? `${text.replace(/\s+$/, '')}\n${fence.close}` : text;
}

interface Cut {
  /** Where the next message's text starts. */
  at: number;
  /** The fence open at the cut, closed here and reopened in the next message. */
  fence: Fence | undefined;
  /** The cut lies just after a blank line (a paragraph boundary). */
  paragraph: boolean;
}

/**
 * Splits a CommonMark answer into messages of at most `limit` characters, at paragraph boundaries
 * where possible, then line boundaries, then spaces. A code block cut in two is closed at the end of
 * one message and reopened (with its language) at the top of the next.
 */
export function splitMarkdown(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
  while (rest.length > 0) {
    if (rest.length <= limit) {
      chunks.push(rest);
      break;
    }
    let cut = chooseCut(rest, limit);
    // Reopening a fence must still leave the next message shorter, or a tiny limit would loop forever.
    if (cut.fence && cut.at <= cut.fence.open.length + 1) cut = { at: safeCut(rest, limit), fence: undefined, paragraph: false };
    const head = rest.slice(0, cut.at).replace(/\s+$/, '');
    chunks.push(cut.fence ? `${head}\n${cut.fence.close}` : head);
    const tail = rest.slice(cut.at).replace(/^(?:[ \t]*\n)+/, '');
    rest = cut.fence ? `${cut.fence.open}\n${tail}` : tail;
  }
  return chunks;
}

/** Where to end the next message: the best boundary that fits, counting the fence it may have to close. */
function chooseCut(text: string, limit: number): Cut {
  const { boundaries, fenceAtLimit } = scan(text, limit);
  const fits = (cut: Cut) => {
    const head = text.slice(0, cut.at).replace(/\s+$/, '');
    return head.trim().length > 0 && head.length + (cut.fence ? cut.fence.close.length + 1 : 0) <= limit;
  };
  const fitting = boundaries.filter(fits);
  const late = fitting.filter((cut) => cut.at >= limit * MIN_FILL);
  const best = last(late.filter((cut) => cut.paragraph && !cut.fence)) ?? last(late.filter((cut) => !cut.fence)) ?? last(late);
  if (best) return best;
  // Near the limit there is one long line: cut it after a space, else anywhere (but not inside a character).
  const room = limit - (fenceAtLimit ? fenceAtLimit.close.length + 1 : 0);
  const space = text.lastIndexOf(' ', room - 1);
  if (space >= limit * MIN_FILL) return { at: space + 1, fence: fenceAtLimit, paragraph: false };
  return last(fitting) ?? { at: safeCut(text, Math.max(1, room)), fence: fenceAtLimit, paragraph: false };
}

/** Every line start up to the limit with the fence open there, and the fence open at the limit itself. */
function scan(text: string, limit: number): { boundaries: Cut[]; fenceAtLimit: Fence | undefined } {
  const boundaries: Cut[] = [];
  let fence: Fence | undefined;
  let offset = 0;
  let previousBlank = false;
  for (const line of text.split('\n')) {
    if (offset > limit) break;
    if (offset > 0) boundaries.push({ at: offset, fence, paragraph: previousBlank || line.trim() === '' });
    if (offset + line.length >= limit) return { boundaries, fenceAtLimit: fence };
    fence = nextFence(line, fence);
    previousBlank = line.trim() === '';
    offset += line.length + 1;
  }
  return { boundaries, fenceAtLimit: fence };
}

function last<T>(items: T[]): T | undefined {
  return items[items.length - 1];
}

// Never cut between the two halves of a surrogate pair (an emoji would turn into two broken characters).
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff && at > 1 ? at - 1 : at;
}

/** The first `length` characters, one fewer if the cut would split an emoji in two. */
export function safeSlice(text: string, length: number): string {
  return text.slice(0, safeCut(text, length));
}
