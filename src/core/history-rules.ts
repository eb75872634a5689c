import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ModelMessage } from './types.js';

// What the Messages API demands of a request's messages, plus the one rule Parley adds for itself:
// roles alternate, so that every stored turn reads as user → assistant (→ user tool results → …).
// One stored message the API refuses would fail every later request of its conversation, so the
// core checks each turn against these rules before committing it (see turnProblems), and /import
// checks a whole export with them. Messages are counted from 1, as a person reading an export would.

const blocksOf = (message: ModelMessage): ContentBlockParam[] =>
  typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;

/** Every rule `messages`, sent as a request, breaks ("message 3: …"); empty when the API would accept it. */
export function historyProblems(messages: readonly ModelMessage[]): string[] {
  if (messages.length === 0) return ['the request has no messages'];
  const problems: string[] = [];
  if (messages[0]!.role !== 'user') problems.push(`message 1: the conversation starts with the ${messages[0]!.role}; it must start with the user`);
  if (messages.at(-1)!.role !== 'user') problems.push('the last message is not from the user, so there is nothing to answer');
  const seenToolUseIds = new Set<string>();
  messages.forEach((message, i) => {
    const at = (problem: string) => problems.push(`message ${i + 1}: ${problem}`);
    if (message.role !== 'user' && message.role !== 'assistant') at(`role ${JSON.stringify(message.role)} (only "user" and "assistant")`);
    if (i > 0 && messages[i - 1]!.role === message.role) at(`a second ${message.role} message in a row`);
    contentProblems(message).forEach(at);
    pairingProblems(messages, i, seenToolUseIds).forEach(at);
  });
  return problems;
}

function contentProblems(message: ModelMessage): string[] {
  if (typeof message.content === 'string') return message.content.trim() === '' ? ['empty text'] : [];
  if (message.content.length === 0) return ['no content blocks'];
  return message.content.flatMap((block) => {
    if (block.type === 'text' && block.text.trim() === '') return [block.text === '' ? 'an empty text block' : 'a whitespace-only text block'];
    if (block.type === 'tool_use' && message.role !== 'assistant') return [`a tool_use block, which ${message.role} messages cannot hold`];
    if (block.type === 'tool_result' && message.role !== 'user') return [`a tool_result block, which ${message.role} messages cannot hold`];
    return [];
  });
}

// Every tool_use is answered in the very next message, and every tool_result answers the one before.
function pairingProblems(messages: readonly ModelMessage[], i: number, seen: Set<string>): string[] {
  const problems: string[] = [];
  const message = messages[i]!;
  const blocks = blocksOf(message);
  if (message.role === 'assistant') {
    const next = messages[i + 1];
    const answered = new Set(next ? blocksOf(next).flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : [])) : []);
    for (const block of blocks) {
      if (block.type !== 'tool_use') continue;
      if (seen.has(block.id)) problems.push(`a second tool_use with id ${block.id}`);
      seen.add(block.id);
      if (!answered.has(block.id)) problems.push(`a tool_use with no tool_result (id ${block.id}; it must be answered in message ${i + 2})`);
    }
    return problems;
  }
  const previous = messages[i - 1];
  const asked = new Set(previous ? blocksOf(previous).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : []);
  for (const block of blocks) {
    if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
      problems.push(`a tool_result for ${block.tool_use_id}, which answers no tool_use of message ${i}`);
    }
  }
  return problems;
}

// Stands in for the next message, so a turn is checked as the next request will send it.
const NEXT_MESSAGE: ModelMessage = { role: 'user', content: 'next' };

/**
 * Every rule a stored history breaks — one turn about to be committed, or a whole imported conversation:
 * it must open with the user and close with the assistant's answer.
 */
export function turnProblems(turn: readonly ModelMessage[]): string[] {
  if (turn.length === 0) return ['the turn has no messages'];
  if (turn.at(-1)!.role !== 'assistant') return [...historyProblems(turn), 'the turn does not end with an answer'];
  return historyProblems([...turn, NEXT_MESSAGE]);
}
