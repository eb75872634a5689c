// The model speaks CommonMark; Slack's `markdown` block renders it as is. This file only sizes it.
import type { webApi } from '@slack/bolt';
import { closeOpenFence, safeSlice, splitMarkdown as splitSharedMarkdown } from '../shared/markdown-split.js';

export { closeOpenFence, openFence } from '../shared/markdown-split.js';

/** Characters a `markdown` block (and a streamed `markdown_text`) holds; Slack also caps a message's markdown blocks at this total. */
export const MARKDOWN_BLOCK_LIMIT = 12_000;

/** The arguments of a post or update carrying one markdown chunk, with a plain-text fallback for notifications. */
export interface MarkdownMessage {
  text: string;
  blocks: webApi.KnownBlock[];
}

/** A message holding one markdown block; `text` is what notifications and old clients show. */
export function markdownMessage(markdown: string): MarkdownMessage {
  return { text: markdown, blocks: [{ type: 'markdown', text: markdown }] };
}

/** A preview of a growing answer that fits one block: cut to the limit with a marker, fences closed. */
export function previewOf(text: string, limit = MARKDOWN_BLOCK_LIMIT): string {
  const marker = '\n…';
  if (text.length <= limit) return closeOpenFence(text);
  // Room for the marker and a closing fence of any sensible length.
  const head = safeSlice(text, limit - marker.length - 16);
  return closeOpenFence(head) + marker;
}

/** Splits an answer into messages of at most one markdown block each (see ../shared/markdown-split.ts). */
export function splitMarkdown(text: string, limit = MARKDOWN_BLOCK_LIMIT): string[] {
  return splitSharedMarkdown(text, limit);
}
