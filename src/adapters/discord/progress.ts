// What a Discord reply shows while it forms: the words so far and, under them, the tool in use
// (Discord has no status line, so the line lives in the reply until the next words or the answer).

/** The preview of a reply in progress: its text, then a small "-# using calculator…" line while a tool is at work. */
export function progressText(visibleText: string, toolInUse: string | undefined): string {
  if (!toolInUse) return visibleText;
  const line = `-# using ${toolInUse}…`;
  return visibleText.trim().length > 0 ? `${visibleText}\n\n${line}` : line;
}
