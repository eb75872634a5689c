import { fileTokens, withoutFileData } from './attachment-tokens.js';
import type { ModelMessage } from './types.js';

// Four characters a token is the usual rule of thumb for English; counting exactly would cost an
// API round trip (messages.countTokens) per turn, which the per-turn overhead budget cannot afford.
const CHARS_PER_TOKEN = 4;

/** A cheap, deterministic estimate of the tokens messages take in a request. */
export function estimateTokens(messages: readonly ModelMessage[]): number {
  // Images and PDFs are counted as the API counts them (pixels, pages), not by their base64 length.
  const files = fileTokens(messages);
  if (files === 0) return Math.ceil(JSON.stringify(messages).length / CHARS_PER_TOKEN);
  return Math.ceil(JSON.stringify(messages, withoutFileData).length / CHARS_PER_TOKEN) + files;
}
