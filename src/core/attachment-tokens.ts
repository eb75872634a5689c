// What images and PDFs cost in the context window. Their base64 text says nothing about that: the API
// counts an image by its pixels and a PDF by its pages, so the estimate does too.
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { pdfPages } from './attachments.js';
import { imageInfo } from './image-size.js';
import type { ModelMessage } from './types.js';

// From the API's vision documentation: an image costs about width × height / 750 tokens, after the API
// scales it to at most 1,568 px on the long side and about 1.15 megapixels (so ~1,600 tokens at most).
const PIXELS_PER_TOKEN = 750;
const MAX_LONG_SIDE = 1_568;
const MAX_PIXELS = 1_150_000;
// Unreadable dimensions are counted as the largest image, so the estimate errs on the safe side.
const MAX_IMAGE_TOKENS = Math.ceil(MAX_PIXELS / PIXELS_PER_TOKEN);
// Each PDF page is read as its text and as an image: the documentation gives 1,500–3,000 text tokens
// a page plus the page image; 3,000 in all is the middle of that range.
const PDF_TOKENS_PER_PAGE = 3_000;
// A JPEG's size sits after its EXIF data, which phones make up to 64 KB: decoding this much of the
// base64 finds it without decoding a whole multi-megabyte file.
const HEADER_BASE64_CHARS = 128 * 1024;

/** Estimated tokens of the file blocks (images, PDFs) in messages; 0 when there are none. */
export function fileTokens(messages: readonly ModelMessage[]): number {
  let tokens = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) tokens += blockTokens(block);
  }
  return tokens;
}

/** A JSON.stringify replacer that leaves file data out, so the text estimate counts only text. */
export function withoutFileData(this: unknown, key: string, value: unknown): unknown {
  if (key === 'data' && typeof value === 'string' && isBase64Source(this)) return '';
  return value;
}

function blockTokens(block: ContentBlockParam): number {
  if (block.type === 'image' && block.source.type === 'base64') return imageTokens(block.source.data);
  if (block.type === 'document' && block.source.type === 'base64' && block.source.media_type === 'application/pdf') {
    return pdfPages(Buffer.from(block.source.data, 'base64')) * PDF_TOKENS_PER_PAGE;
  }
  return 0;
}

/** Tokens of a base64 image, from its pixel size after the API's downscaling. */
export function imageTokens(base64: string): number {
  const info = imageInfo(Buffer.from(base64.slice(0, HEADER_BASE64_CHARS - (HEADER_BASE64_CHARS % 4)), 'base64')) ?? imageInfo(Buffer.from(base64, 'base64'));
  if (!info || info.width === 0 || info.height === 0) return MAX_IMAGE_TOKENS;
  const scale = Math.min(1, MAX_LONG_SIDE / Math.max(info.width, info.height), Math.sqrt(MAX_PIXELS / (info.width * info.height)));
  return Math.max(1, Math.ceil((info.width * scale * (info.height * scale)) / PIXELS_PER_TOKEN));
}


function isBase64Source(holder: unknown): boolean {
  return typeof holder === 'object' && holder !== null && (holder as { type?: unknown }).type === 'base64';
}
