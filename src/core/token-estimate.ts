import type { ContentBlockParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { fileBlockTokens } from './attachment-tokens.js';
import type { ModelMessage } from './types.js';

// Only text the API has not counted yet is estimated: the new message, the system prompt and tool
// definitions, notes the core adds. Everything already sent is stored with the size the API reported
// (turn-size.ts). Counting exactly before sending would cost a messages.countTokens round trip per
// turn, so the estimate is deliberately high for every script instead; erring high costs a little
// history, erring low costs a refused request.
//
// Per character, against Claude's tokenizer (which averages ~4 English characters a token):
const ASCII_CHARS_PER_TOKEN = 3; // English, code and punctuation: above the real rate even for code
const TOKENS_PER_DIGIT = 1; // long digit runs can tokenize a digit at a time
const TOKENS_PER_CJK_CHAR = 1.5; // Chinese, Japanese, Korean: about one a character, rare ones more
const TOKENS_PER_OTHER_CHAR = 1; // accents, Cyrillic, Greek, Arabic, Hebrew, Indic…: at most one each
const TOKENS_PER_ASTRAL_CHAR = 4; // emoji and other symbols outside the BMP: their UTF-8 bytes, the worst case
const TOKENS_PER_JOINER = 3; // ZWJ and variation selectors inside emoji sequences: their UTF-8 bytes
// Framing the API adds around each message and block (role markers, block boundaries).
const MESSAGE_OVERHEAD = 8;
const BLOCK_OVERHEAD = 4;
// An image or document whose size cannot be read here (a URL or file id): a high flat figure.
const MEDIA_TOKENS = 3_000;

/** A conservative estimate of the tokens `text` takes. */
export function estimateTextTokens(text: string): number {
  let ascii = 0;
  let tokens = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code >= 0x30 && code <= 0x39) tokens += TOKENS_PER_DIGIT;
      else ascii++;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      tokens += TOKENS_PER_ASTRAL_CHAR;
      i++;
    } else if (isCjk(code)) tokens += TOKENS_PER_CJK_CHAR;
    else if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) tokens += TOKENS_PER_JOINER;
    else tokens += TOKENS_PER_OTHER_CHAR;
  }
  return Math.ceil(tokens + ascii / ASCII_CHARS_PER_TOKEN);
}

function isCjk(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) || // radicals, punctuation, kana, ideographs
    (code >= 0xac00 && code <= 0xd7af) || // hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || // hangul jamo
    (code >= 0xf900 && code <= 0xfaff) || // compatibility ideographs
    (code >= 0xff00 && code <= 0xffef) // full-width forms
  );
}

// Blocks of a message, or of a tool_result's content.
type Block = ContentBlockParam | Exclude<ToolResultBlockParam['content'], string | undefined>[number];

function blockTokens(block: Block): number {
  switch (block.type) {
    case 'text':
      return BLOCK_OVERHEAD + estimateTextTokens(block.text);
    case 'tool_use':
      return BLOCK_OVERHEAD + estimateTextTokens(block.name) + estimateTextTokens(JSON.stringify(block.input ?? {}));
    case 'tool_result':
      return BLOCK_OVERHEAD + (typeof block.content === 'string' ? estimateTextTokens(block.content) : contentTokens(block.content ?? []));
    case 'document':
      if (block.source.type === 'text') return BLOCK_OVERHEAD + estimateTextTokens(block.source.data);
      return fileBlockTokens(block) || MEDIA_TOKENS;
    case 'image':
      // Images and PDFs are counted as the API counts them (pixels, pages), not by their base64 length.
      return fileBlockTokens(block) || MEDIA_TOKENS;
    default:
      return BLOCK_OVERHEAD + estimateTextTokens(JSON.stringify(block));
  }
}

function contentTokens(content: readonly Block[]): number {
  let tokens = 0;
  for (const block of content) tokens += blockTokens(block);
  return tokens;
}

/** A conservative estimate of the tokens messages take in a request. */
export function estimateTokens(messages: readonly ModelMessage[]): number {
  let tokens = 0;
  for (const message of messages) {
    tokens += MESSAGE_OVERHEAD + (typeof message.content === 'string' ? estimateTextTokens(message.content) : contentTokens(message.content));
  }
  return tokens;
}

/** A conservative estimate of the part every request repeats: the system prompt and tool definitions. */
export function estimateFixedTokens(system: string, tools: readonly unknown[]): number {
  let tokens = MESSAGE_OVERHEAD + estimateTextTokens(system);
  for (const tool of tools) tokens += MESSAGE_OVERHEAD + estimateTextTokens(JSON.stringify(tool));
  return tokens;
}
