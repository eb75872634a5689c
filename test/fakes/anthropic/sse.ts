// Wire shapes of the fake Anthropic server: Message JSON, usage numbers and SSE event frames.
import type { CacheUsage } from './prompt-cache.js';

/** A content block as the API returns it (text or tool_use). */
export type ContentBlock =
  | { type: 'text'; text: string; citations: null }
  | { type: 'tool_use'; id: string; name: string; input: unknown; caller: { type: 'direct' } };

/** The content, stop reason and output token count of one answer. */
export interface Answer {
  content: ContentBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'tool_use';
  outputTokens: number;
}

/** Identity of one answer on the wire. */
export interface AnswerIds {
  messageId: string;
  model: string;
  inputTokens: number;
  /** The prompt cache's accounting, when the request asked for caching: it replaces `inputTokens`. */
  cache?: CacheUsage;
}

/** Deterministic input tokens: ceil(length of JSON of messages plus system / 4). */
export function inputTokensOf(body: { messages?: unknown; system?: unknown }): number {
  const chars = JSON.stringify(body.messages ?? []).length + (body.system === undefined ? 0 : JSON.stringify(body.system).length);
  return Math.ceil(chars / 4);
}

/** Deterministic output tokens: ceil(chars / 4), at least 1. */
export function outputTokensOf(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

/** A text answer. */
export function textAnswer(text: string, stopReason: 'end_turn' | 'max_tokens' = 'end_turn'): Answer {
  return { content: [{ type: 'text', text, citations: null }], stopReason, outputTokens: outputTokensOf(text.length) };
}

/** A tool-use answer: an optional text block, then one tool_use block per call. */
export function toolAnswer(
  calls: ReadonlyArray<{ name: string; input: unknown; id?: string }>,
  text: string | undefined,
  defaultId: (index: number) => string,
): Answer {
  const content: ContentBlock[] = [];
  let chars = 0;
  if (text !== undefined && text !== '') {
    content.push({ type: 'text', text, citations: null });
    chars += text.length;
  }
  calls.forEach((call, index) => {
    const input = call.input ?? {};
    content.push({ type: 'tool_use', id: call.id ?? defaultId(index), name: call.name, input, caller: { type: 'direct' } });
    chars += call.name.length + JSON.stringify(input).length;
  });
  return { content, stopReason: 'tool_use', outputTokens: outputTokensOf(chars) };
}

function inputUsage(ids: AnswerIds) {
  return ids.cache ?? { input_tokens: ids.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_creation: null };
}

function usage(ids: AnswerIds, outputTokens: number) {
  return {
    ...inputUsage(ids),
    output_tokens: outputTokens,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

function message(ids: AnswerIds, content: ContentBlock[], stopReason: string | null, outputTokens: number) {
  return {
    id: ids.messageId,
    type: 'message',
    role: 'assistant',
    model: ids.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usage(ids, outputTokens),
  };
}

/** The non-streaming response body: the whole Message JSON. */
export function messageJson(ids: AnswerIds, answer: Answer): string {
  return JSON.stringify(message(ids, answer.content, answer.stopReason, answer.outputTokens));
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Splits text into at most three non-empty pieces, never between the halves of a surrogate pair. */
export function chunks(text: string): string[] {
  if (text.length <= 1) return text === '' ? [] : [text];
  const size = Math.ceil(text.length / 3);
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function blockFrames(index: number, block: ContentBlock): string {
  if (block.type === 'text') {
    let out = frame('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
    for (const text of chunks(block.text)) {
      out += frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    }
    return out + frame('content_block_stop', { type: 'content_block_stop', index });
  }
  let out = frame('content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
  for (const partial_json of chunks(JSON.stringify(block.input))) {
    out += frame('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
  }
  return out + frame('content_block_stop', { type: 'content_block_stop', index });
}

function startFrame(ids: AnswerIds): string {
  return frame('message_start', { type: 'message_start', message: message(ids, [], null, 1) });
}

/** The whole SSE body of a streamed answer, message_start through message_stop. */
export function streamBody(ids: AnswerIds, answer: Answer): string {
  let out = startFrame(ids);
  answer.content.forEach((block, index) => {
    out += blockFrames(index, block);
  });
  out += frame('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: null, stop_details: null, container: null },
    usage: {
      input_tokens: inputUsage(ids).input_tokens,
      output_tokens: answer.outputTokens,
      cache_creation_input_tokens: inputUsage(ids).cache_creation_input_tokens,
      cache_read_input_tokens: inputUsage(ids).cache_read_input_tokens,
      output_tokens_details: null,
      server_tool_use: null,
    },
  });
  return out + frame('message_stop', { type: 'message_stop' });
}

/** The head of a stream that is cut off: message_start, the text block's start and its first half. */
export function truncatedStreamBody(ids: AnswerIds, text: string): string {
  let out = startFrame(ids);
  out += frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } });
  const half = text.slice(0, Math.ceil(text.length / 2));
  for (const piece of chunks(half)) {
    out += frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
  }
  return out;
}
