import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationExport, ConversationHead, ModelMessage, StoredTurn } from './types.js';
import { usageText } from './usage-text.js';

/** Builds the export: `[{role, content}]` JSON and a Markdown transcript with times and per-turn usage. */
export function buildExport(head: ConversationHead, turns: readonly StoredTurn[]): ConversationExport {
  const messages = turns.flatMap((turn) => turn.messages.map(({ role, content }) => ({ role, content })));
  return {
    json: JSON.stringify(messages, null, 2),
    markdown: markdownTranscript(head, turns),
    messageCount: messages.length,
    usage: head.usage,
  };
}

function markdownTranscript(head: ConversationHead, turns: readonly StoredTurn[]): string {
  const lines = [
    '# Conversation with Claude',
    '',
    `Started ${head.createdAt} · last message ${head.updatedAt} · ${turns.length} turns · ${usageText(head.usage)}`,
    '',
  ];
  for (const turn of turns) {
    lines.push(`## Turn ${turn.index + 1} — ${turn.at} (${usageText(turn.usage)})`, '');
    for (const message of turn.messages) lines.push(...messageLines(message), '');
  }
  return lines.join('\n');
}

function messageLines(message: ModelMessage): string[] {
  const blocks: ContentBlockParam[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
  const speaker = message.role === 'user' ? '**User**' : '**Claude**';
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'text') lines.push(`${speaker}: ${block.text}`);
    else if (block.type === 'tool_use') lines.push(`> tool \`${block.name}\` called with \`${JSON.stringify(block.input)}\``);
    else if (block.type === 'tool_result') {
      const content = typeof block.content === 'string' ? block.content : JSON.stringify(block.content);
      lines.push(`> tool ${block.is_error ? 'failed' : 'returned'}: \`${content}\``);
    }
  }
  return lines;
}
