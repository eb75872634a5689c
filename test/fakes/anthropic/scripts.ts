// Scripted replies of the fake Anthropic server: their types, the default echo, and error shapes.

/** One request the fake received: the path without query, lower-cased headers, and the parsed JSON body. */
export interface RecordedRequest {
  path: string;
  headers: Record<string, string>;
  /** The parsed MessageCreateParams (or count_tokens params); the raw text if it was not JSON. */
  body: any;
  /** Position among every call to every fake in this process (see ../sequence.ts). */
  seq?: number;
}

/** One tool call the fake makes the model emit; `id` defaults to `toolu_fake_<request>_<index>`. */
export interface ScriptedToolUse {
  name: string;
  input: unknown;
  id?: string;
}

/** What the fake answers to one `POST /v1/messages`; a function computes it from the request. */
export type ScriptedReply =
  | { text: string; stopReason?: 'end_turn' | 'max_tokens' }
  | { toolUses: ScriptedToolUse[]; text?: string }
  | { error: { status: number; type?: string; message?: string; retryAfterSeconds?: number } }
  | { dropMidStream: { text: string } }
  | { hang: true }
  | ((request: RecordedRequest) => ScriptedReply);

/** A reply with any function applied: what the server actually sends. */
export type ResolvedReply = Exclude<ScriptedReply, (request: RecordedRequest) => ScriptedReply>;

/** Applies function replies (a function may return another) until a plain reply remains. */
export function resolveReply(reply: ScriptedReply, request: RecordedRequest): ResolvedReply {
  let current = reply;
  for (let depth = 0; typeof current === 'function'; depth++) {
    if (depth >= 8) throw new Error('scripted reply functions nested more than 8 deep');
    current = current(request);
  }
  return current;
}

/** The API's error type for a status code when the script names none. */
export function errorTypeFor(status: number): string {
  switch (status) {
    case 400: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 504: return 'timeout_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** The API's JSON error body. */
export function errorBody(type: string, message: string, requestId: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId });
}

/** Concatenated text of a content param: the string itself, or the `text` of its text blocks. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const block of content) {
    if (block && block.type === 'text' && typeof block.text === 'string') text += block.text;
  }
  return text;
}

/** Default reply text: `echo: <last user message text>`, or `done: <tool_result contents joined by \n>` if it holds only tool results. */
export function echoText(body: { messages?: unknown }): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!message || message.role !== 'user') continue;
    const content: unknown = message.content;
    if (Array.isArray(content) && content.length > 0 && content.every((b) => b?.type === 'tool_result')) {
      return 'done: ' + content.map((b) => textOf(b.content)).join('\n');
    }
    return 'echo: ' + textOf(content);
  }
  return 'echo: ';
}
