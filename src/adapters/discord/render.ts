// Pure text functions for Discord's side: splitting long answers into messages.

/** Discord rejects a message `content` longer than this. */
export const DISCORD_MESSAGE_LIMIT = 2000;

// Room kept at the end of every piece for "\n```" when a code block has to be closed there.
const FENCE_CLOSE_RESERVE = 4;
// A cut is only moved back to a paragraph or line break if that keeps at least this share of the
// piece; otherwise a long paragraph would leave a nearly empty message behind.
const MIN_FILL_FOR_PARAGRAPH = 0.5;
const MIN_FILL_FOR_LINE = 0.3;
const MIN_FILL_FOR_WORD = 0.3;
// A fence opener repeated on the next piece keeps at most this much of its info string.
const MAX_FENCE_INFO = 24;

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * Splits text into pieces of at most `limit` characters, cutting at a paragraph break, else a line
 * break, else a space, else anywhere; a code block cut in two is closed and reopened with its language.
 */
export function splitMessage(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  if (limit < 40) throw new RangeError('limit must leave room for code fences');
  const pieces: string[] = [];
  let reopen = '';
  let rest = text;
  for (;;) {
    const body = reopen ? `${reopen}\n${rest}` : rest;
    if (body.length <= limit) {
      if (body.trim().length > 0 || pieces.length === 0) pieces.push(body);
      return pieces;
    }
    let reserve = FENCE_CLOSE_RESERVE;
    let cut = cutAt(body, limit - reserve, reopen.length + 1);
    // A longer fence (````) needs a longer closer: cut again with room for it.
    if (cut.open && cut.open.close.length + 1 > reserve) {
      reserve = cut.open.close.length + 1;
      cut = cutAt(body, limit - reserve, reopen.length + 1);
    }
    const { head, resume, open } = cut;
    if (head.trim().length > 0) pieces.push(open ? `${head}\n${open.close}` : head);
    reopen = open?.opener ?? '';
    rest = body.slice(resume);
  }
}

function cutAt(body: string, max: number, minEnd: number) {
  const { end, resume } = chooseCut(body, max, minEnd);
  const head = body.slice(0, end).trimEnd();
  return { head, resume, open: openFenceAtEnd(head) };
}

/**
 * Where to cut `body` so that its first `end` characters fit in `max`; `resume` is where the next
 * piece starts (after the break that was cut at). `minEnd` guarantees progress past a reopened fence.
 */
function chooseCut(body: string, max: number, minEnd: number): { end: number; resume: number } {
  const window = body.slice(0, max + 1);
  const paragraph = window.lastIndexOf('\n\n', max);
  if (paragraph >= max * MIN_FILL_FOR_PARAGRAPH && paragraph > minEnd) return { end: paragraph, resume: paragraph + 2 };
  const line = window.lastIndexOf('\n', max);
  if (line >= max * MIN_FILL_FOR_LINE && line > minEnd) return { end: line, resume: line + 1 };
  const space = window.lastIndexOf(' ', max);
  if (space >= max * MIN_FILL_FOR_WORD && space > minEnd) return { end: space, resume: space + 1 };
  // No break in reach: a hard cut, but never between the two halves of a surrogate pair (an emoji).
  let end = max;
  const code = body.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { end, resume: end };
}

/** The fence still open at the end of `text` (its opener line, shortened, and the matching closer). */
function openFenceAtEnd(text: string): { opener: string; close: string } | undefined {
  let open: { marker: string; info: string } | undefined;
  for (const line of text.split('\n')) {
    const match = FENCE_LINE.exec(line);
    if (!match) continue;
    const marker = match[1]!;
    const info = match[2]!.trim();
    if (!open) open = { marker, info };
    // A closing fence uses the same character, is at least as long, and carries no info string.
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && info.length === 0) open = undefined;
  }
  if (!open) return undefined;
  const info = /^[^\s`]*/.exec(open.info)?.[0]?.slice(0, MAX_FENCE_INFO) ?? '';
  return { opener: `${open.marker}${info}`, close: open.marker };
}

/** The text shown while an answer is still forming: the split pieces, with a marker on the last. */
export function previewPieces(text: string, limit = DISCORD_MESSAGE_LIMIT): string[] {
  return splitMessage(`${text} ${STREAMING_MARKER}`, limit);
}

/** Appended to a reply while it is still being written, so readers know more is coming. */
export const STREAMING_MARKER = '…';
