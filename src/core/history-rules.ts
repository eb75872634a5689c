import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ModelMessage } from './types.js';

// What the Messages API demands of a request's messages, plus the one rule Parley adds for itself:
// roles alternate, so that every stored turn reads as user → assistant (→ user tool results → …).
// One stored message the API refuses would fail every later request of its conversation, so the
// core checks each turn against these rules before committing it (see checkTurn).

const blocksOf = (message: ModelMessage): ContentBlockParam[] =>
  typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;

/** Every rule `messages`, sent as a request, breaks; empty when the API would accept it. */
export function historyProblems(messages: readonly ModelMessage[]): string[] {
  const problems: string[] = [];
  if (messages.length === 0) return ['the request has no messages'];
  if (messages[0]!.role !== 'user') problems.push(`message 0 is from ${messages[0]!.role}, not user`);
  if (messages.at(-1)!.role !== 'user') problems.push('the last message is not from the user, so there is nothing to answer');
  const seenToolUseIds = new Set<string>();
  messages.forEach((message, i) => {
    if (message.role !== 'user' && message.role !== 'assistant') problems.push(`message ${i} has role ${String(message.role)}`);
    if (i > 0 && messages[i - 1]!.role === message.role) problems.push(`messages ${i - 1} and ${i} are both from ${message.role}`);
    const blocks = blocksOf(message);
    if (blocks.length === 0) problems.push(`message ${i} is empty`);
    for (const block of blocks) problems.push(...blockProblems(block, message.role, i));
    problems.push(...pairingProblems(messages, i, seenToolUseIds));
  });
  return problems;
}

function blockProblems(block: ContentBlockParam, role: string, i: number): string[] {
  if (block.type === 'text' && block.text.trim() === '') return [`message ${i} has a ${block.text === '' ? 'empty' : 'whitespace-only'} text block`];
  if (block.type === 'tool_use' && role !== 'assistant') return [`message ${i} has a tool_use but is from ${role}`];
  if (block.type === 'tool_result' && role !== 'user') return [`message ${i} has a tool_result but is from ${role}`];
  return [];
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
      if (seen.has(block.id)) problems.push(`tool_use id ${block.id} appears twice`);
      seen.add(block.id);
      if (!answered.has(block.id)) problems.push(`tool_use ${block.id} in message ${i} has no tool_result in message ${i + 1}`);
    }
    return problems;
  }
  const previous = messages[i - 1];
  const asked = new Set(previous ? blocksOf(previous).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : []);
  for (const block of blocks) {
    if (block.type === 'tool_result' && !asked.has(block.tool_use_id)) {
      problems.push(`tool_result for ${block.tool_use_id} in message ${i} answers no tool_use of message ${i - 1}`);
    }
  }
  return problems;
}

// Stands in for the next message, so a turn is checked as the next request will send it.
const NEXT_MESSAGE: ModelMessage = { role: 'user', content: 'next' };

/** Every rule a turn about to be stored breaks: it must open with the user and close with the assistant. */
export function turnProblems(turn: readonly ModelMessage[]): string[] {
  if (turn.length === 0) return ['the turn has no messages'];
  const problems = historyProblems([...turn, NEXT_MESSAGE]);
  if (turn.at(-1)!.role !== 'assistant') problems.push('the turn does not end with an answer');
  return problems;
}
