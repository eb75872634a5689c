import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { attachmentNote, formatBytes } from './attachments.js';
import { exportJson } from './export-format.js';
import type { ConversationExport, ConversationHead, ModelMessage, StoredTurn } from './types.js';
import { usageText } from './usage-text.js';

/** Builds the export: the versioned JSON document /import reads back, and a Markdown transcript with times and per-turn usage. */
export function buildExport(head: ConversationHead, turns: readonly StoredTurn[], at: Date = new Date()): ConversationExport {
  const messages = turns.flatMap((turn) => turn.messages);
  return {
    json: exportJson(messages, at),
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
    if (turn.compaction) lines.push(...compactionLines(turn.compaction), '');
    const [question, ...rest] = turn.messages;
    if (question) lines.push(...questionLines(turn, question), '');
    for (const message of rest) lines.push(...messageLines(message), '');
  }
  return lines.join('\n');
}

// Where the model's window moved on: which turns left it, what summary replaced them, what that cost.
function compactionLines({ summary, usage }: NonNullable<StoredTurn['compaction']>): string[] {
  const left = summary.throughTurn === 0 ? 'no turns' : `turns 1–${summary.throughTurn}`;
  const head = `> History compacted before this turn: ${left} left the model's window (they stay in this export).`;
  if (!summary.text) return [head];
  return [head + ` The summary that replaced them (${usageText(usage)}):`, '>', ...summary.text.split('\n').map((line) => `> ${line}`)];
}

// The person's message: marked when deleted or edited, its files listed by name, type and size (the
// JSON export keeps the files themselves, as the base64 blocks the model read).
function questionLines(turn: StoredTurn, message: ModelMessage): string[] {
  if (turn.deletedAt) return [`**User**: _(deleted by its author, ${turn.deletedAt})_`];
  const note = turn.attachments?.length ? attachmentNote(turn.attachments) : undefined;
  const lines = messageLines(message).map((line) => (note ? line.replace(`\n\n${note}`, '').replace(note, '').trimEnd() : line));
  if (turn.editedAt && lines.length > 0) lines[0] += ` _(edited ${turn.editedAt})_`;
  for (const file of turn.attachments ?? []) lines.push(`- attachment: \`${file.name}\` (${file.mediaType}, ${formatBytes(file.bytes)})`);
  return lines;
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
