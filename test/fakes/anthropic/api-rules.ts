// The rules the real Messages API enforces on a request's messages, with the error text it answers.
// Written independently of src/core/history-rules.ts on purpose: a fake that borrowed the product's
// validator would accept whatever the product gets wrong.

interface Block {
  type?: unknown;
  text?: unknown;
  id?: unknown;
  tool_use_id?: unknown;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

const blocksOf = (message: Message): Block[] =>
  typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : Array.isArray(message.content) ? (message.content as Block[]) : [];

/** The error message the API would answer for `messages` (400 invalid_request_error), or undefined. */
export function historyError(messages: readonly Message[]): string | undefined {
  if (messages.length === 0) return 'messages: at least one message is required';
  if (messages[0]!.role !== 'user' && messages[0]!.role !== 'assistant') return "messages.0.role: Input should be 'user' or 'assistant'";
  if (messages[0]!.role !== 'user') return 'messages: first message must use the "user" role';
  const seen = new Set<unknown>();
  for (let i = 0; i < messages.length; i++) {
    const problem = messageError(messages, i, seen);
    if (problem) return problem;
  }
  return undefined;
}

function messageError(messages: readonly Message[], i: number, seen: Set<unknown>): string | undefined {
  const message = messages[i]!;
  if (message.role !== 'user' && message.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
  const blocks = blocksOf(message);
  const last = i === messages.length - 1;
  if (blocks.length === 0 || message.content === '') {
    if (!(last && message.role === 'assistant')) return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
  }
  for (let j = 0; j < blocks.length; j++) {
    const block = blocks[j]!;
    const at = `messages.${i}.content.${j}`;
    if (block.type === 'text') {
      const text = typeof block.text === 'string' ? block.text : '';
      if (text === '') return `${at}.text: text content blocks must be non-empty`;
      if (text.trim() === '') return `${at}.text: text content blocks must contain non-whitespace text`;
    }
    if (block.type === 'tool_use') {
      if (message.role !== 'assistant') return `${at}: tool_use blocks may only appear in assistant messages`;
      if (seen.has(block.id)) return `${at}: \`tool_use\` ids must be unique`;
      seen.add(block.id);
    }
    if (block.type === 'tool_result' && message.role !== 'user') return `${at}: tool_result blocks may only appear in user messages`;
  }
  if (last && message.role === 'assistant') {
    const final = blocks.at(-1);
    if (final?.type === 'text' && typeof final.text === 'string' && /\s$/.test(final.text)) return 'final assistant content cannot end with trailing whitespace';
  }
  return toolPairingError(messages, i, blocks);
}

function toolPairingError(messages: readonly Message[], i: number, blocks: Block[]): string | undefined {
  const message = messages[i]!;
  if (message.role === 'assistant') {
    const uses = blocks.filter((block) => block.type === 'tool_use').map((block) => block.id);
    const next = messages[i + 1];
    const answered = new Set(next && next.role === 'user' ? blocksOf(next).filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id) : []);
    const missing = uses.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    return undefined;
  }
  const previous = messages[i - 1];
  const asked = new Set(previous && previous.role === 'assistant' ? blocksOf(previous).filter((b) => b.type === 'tool_use').map((b) => b.id) : []);
  for (let j = 0; j < blocks.length; j++) {
    const block = blocks[j]!;
    if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
      return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
  }
  return undefined;
}

/** The error the API answers when a request does not fit the model's context window, or undefined. */
export function windowError(inputTokens: number, maxTokens: number, contextWindow: number): string | undefined {
  if (inputTokens > contextWindow) return `prompt is too long: ${inputTokens} tokens > ${contextWindow} maximum`;
  if (inputTokens + maxTokens > contextWindow) {
    return `input length and \`max_tokens\` exceed context limit: ${inputTokens} + ${maxTokens} > ${contextWindow}, decrease input length or \`max_tokens\` and try again`;
  }
  return undefined;
}
