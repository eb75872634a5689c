// How the fake Anthropic counts tokens: roughly as Claude's tokenizer does, per script, so that
// tests of the context window see CJK text, emoji and digit runs cost what they cost for real.
//
// - ASCII text: one token per 4 characters (English prose averages a little over 4);
// - digit runs: one token per 3 digits;
// - Chinese, Japanese and Korean: one token per character;
// - emoji and other characters outside the BMP: two tokens each; joiners and variation selectors one;
// - other non-ASCII letters (accents, Cyrillic, Greek, Arabic…): one token per 2 characters.
// Each message costs 4 tokens of framing, each content block 2, each tool definition 10.

/** Tokens the fake counts for a piece of text. */
export function textTokens(text: string): number {
  let tokens = 0;
  let ascii = 0;
  let digits = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      digits++;
      continue;
    }
    if (code < 0x80) {
      ascii++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      tokens += 2;
      i++;
    } else if (isCjk(code)) tokens += 1;
    else if (code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) tokens += 1;
    else other++;
  }
  return tokens + Math.ceil(ascii / 4) + Math.ceil(digits / 3) + Math.ceil(other / 2);
}

function isCjk(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) || // hiragana, katakana
    (code >= 0x3400 && code <= 0x9fff) || // CJK ideographs
    (code >= 0xac00 && code <= 0xd7af) || // hangul syllables
    (code >= 0x1100 && code <= 0x11ff) || // hangul jamo
    (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
    (code >= 0xff00 && code <= 0xffef) // full-width forms
  );
}

const MESSAGE_FRAMING = 4;
const BLOCK_FRAMING = 2;
const TOOL_FRAMING = 10;
// Images and documents cost by size on the real API; a flat figure is enough for the fake.
const MEDIA_TOKENS = 1_600;

/** Tokens of one content block (text, tool_use, tool_result, image…). */
export function blockTokens(block: any): number {
  if (!block || typeof block !== 'object') return 0;
  switch (block.type) {
    case 'text':
      return BLOCK_FRAMING + textTokens(String(block.text ?? ''));
    case 'tool_use':
      return BLOCK_FRAMING + textTokens(String(block.name ?? '')) + textTokens(JSON.stringify(block.input ?? {}));
    case 'tool_result':
      return BLOCK_FRAMING + contentTokens(block.content ?? '');
    case 'image':
    case 'document':
      return MEDIA_TOKENS;
    default:
      return BLOCK_FRAMING + textTokens(JSON.stringify(block));
  }
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return textTokens(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const block of content) tokens += blockTokens(block);
  return tokens;
}

/** Input tokens of a Messages request: system, tool definitions and every message. */
export function requestTokens(body: { messages?: unknown; system?: unknown; tools?: unknown }): number {
  let tokens = 0;
  if (typeof body.system === 'string') tokens += textTokens(body.system);
  else if (Array.isArray(body.system)) tokens += contentTokens(body.system);
  if (Array.isArray(body.tools)) for (const tool of body.tools) tokens += TOOL_FRAMING + textTokens(JSON.stringify(tool));
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) tokens += MESSAGE_FRAMING + contentTokens((message as { content?: unknown })?.content);
  }
  return tokens;
}

/** Output tokens of an answer's content, counted as the same text would count as input. */
export function outputTokens(content: ReadonlyArray<{ type: string }>): number {
  let tokens = 0;
  for (const block of content) tokens += textTokensOfOutput(block);
  return Math.max(1, tokens);
}

function textTokensOfOutput(block: any): number {
  if (block.type === 'text') return textTokens(block.text);
  if (block.type === 'tool_use') return textTokens(block.name) + textTokens(JSON.stringify(block.input));
  return 0;
}
