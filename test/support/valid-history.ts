// What the Messages API demands of a request's history, checked the way the API checks it.

interface Block {
  type: string;
  id?: string;
  tool_use_id?: string;
  text?: string;
}

interface Message {
  role: string;
  content: string | Block[];
}

/** Every rule the history of `messages` breaks; empty when the API would accept it. */
export function historyProblems(messages: readonly Message[]): string[] {
  const problems: string[] = [];
  if (messages.length === 0) return ['the request has no messages'];
  if (messages[0]!.role !== 'user') problems.push(`message 0 is from ${messages[0]!.role}, not user`);
  if (messages.at(-1)!.role !== 'user') problems.push('the last message is not from the user, so there is nothing to answer');
  const seenToolUseIds = new Set<string>();
  messages.forEach((message, i) => {
    if (message.role !== 'user' && message.role !== 'assistant') problems.push(`message ${i} has role ${message.role}`);
    if (i > 0 && messages[i - 1]!.role === message.role) problems.push(`messages ${i - 1} and ${i} are both from ${message.role}`);
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (blocks.length === 0) problems.push(`message ${i} is empty`);
    for (const block of blocks) {
      if (block.type === 'text' && !block.text) problems.push(`message ${i} has an empty text block`);
      if (block.type === 'tool_use' && message.role !== 'assistant') problems.push(`message ${i} has a tool_use but is from ${message.role}`);
      if (block.type === 'tool_result' && message.role !== 'user') problems.push(`message ${i} has a tool_result but is from ${message.role}`);
    }
    if (message.role !== 'assistant') return;
    // Every tool_use must be answered in the very next message, which must be the user's.
    const uses = blocks.filter((block) => block.type === 'tool_use').map((block) => block.id ?? '');
    for (const id of uses) {
      if (seenToolUseIds.has(id)) problems.push(`tool_use id ${id} appears twice`);
      seenToolUseIds.add(id);
    }
    const next = messages[i + 1];
    const nextBlocks = next === undefined ? [] : typeof next.content === 'string' ? [] : next.content;
    const answered = new Set(nextBlocks.filter((block) => block.type === 'tool_result').map((block) => block.tool_use_id));
    for (const id of uses) if (!answered.has(id)) problems.push(`tool_use ${id} in message ${i} has no tool_result in message ${i + 1}`);
  });
  // A tool_result must answer a tool_use of the message just before it.
  messages.forEach((message, i) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    const previous = messages[i - 1];
    const previousUses = new Set(
      previous && typeof previous.content !== 'string' ? previous.content.filter((block) => block.type === 'tool_use').map((block) => block.id) : [],
    );
    for (const block of message.content) {
      if (block.type === 'tool_result' && !previousUses.has(block.tool_use_id)) {
        problems.push(`tool_result for ${block.tool_use_id} in message ${i} answers no tool_use of message ${i - 1}`);
      }
    }
  });
  return problems;
}

/** Throws, listing every problem, unless `messages` is a history the Messages API accepts as a request. */
export function assertValidHistory(messages: readonly Message[]): void {
  const problems = historyProblems(messages);
  if (problems.length > 0) throw new Error(`invalid history:\n  ${problems.join('\n  ')}\n${JSON.stringify(messages, null, 2).slice(0, 4000)}`);
}
