// The export's JSON format, and the check an export passes before /import stores anything of it.
import { ImportRejected } from './errors.js';
import { turnProblems } from './history-rules.js';
import type { ModelMessage } from './types.js';

/** The `format` field of an export. */
export const EXPORT_FORMAT = 'parley.conversation';
/** The version this Parley writes and reads; a newer export is refused rather than half-understood. */
export const EXPORT_VERSION = 1;
// 10,000 messages is years of daily chat; an import is validated and stored in one go, so it is bounded.
/** The most messages one import may hold. */
export const MAX_IMPORT_MESSAGES = 10_000;

/** What `/export` writes as conversation.json and `/import` reads back. */
export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  /** Exactly the messages the model sees, `[{role, content}]` in the Messages API's own shape. */
  messages: ModelMessage[];
}

/** The export document for a conversation's messages, as pretty JSON. */
export function exportJson(messages: readonly ModelMessage[], at: Date): string {
  const document: ExportDocument = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: at.toISOString(), messages: messages.map(({ role, content }) => ({ role, content }) as ModelMessage) };
  return JSON.stringify(document, null, 2);
}

// Blocks each side may hold: what Parley itself stores (text, files, tool calls and their results).
const BLOCKS: Record<'user' | 'assistant', ReadonlySet<string>> = {
  user: new Set(['text', 'image', 'document', 'tool_result']),
  assistant: new Set(['text', 'tool_use']),
};

interface Block {
  type?: unknown;
  text?: unknown;
  id?: unknown;
  tool_use_id?: unknown;
}

/**
 * The messages of an export, checked as the Messages API checks a history (history-rules.ts, the same
 * rules every commit passes): roles alternating from the user to a final answer, no empty text, every
 * tool_use answered by a tool_result in the next message. First each message's shape is checked, since
 * the file is anyone's JSON. Throws an {@link ImportRejected} whose reason names the first problem and
 * where it is ("message 14: a tool_use with no tool_result"; messages are counted from 1). Exports from
 * before version 1 (a bare array of messages) are read too.
 */
export function parseExport(text: string, maxMessages = MAX_IMPORT_MESSAGES): ModelMessage[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportRejected(`it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const messages = messagesOf(parsed);
  if (messages.length === 0) throw new ImportRejected('it holds no messages');
  if (messages.length > maxMessages) throw new ImportRejected(`it holds ${messages.length.toLocaleString('en-US')} messages; the most I import is ${maxMessages.toLocaleString('en-US')}`);
  messages.forEach((message, i) => checkShape(message, i + 1));
  const checked = messages as ModelMessage[];
  if (checked.at(-1)!.role !== 'assistant') throw at(checked.length, 'the conversation ends with a user message that has no answer');
  const [problem] = turnProblems(checked);
  if (problem) throw new ImportRejected(problem);
  return checked;
}

function messagesOf(parsed: unknown): unknown[] {
  if (Array.isArray(parsed)) return parsed;
  if (typeof parsed !== 'object' || parsed === null) throw new ImportRejected('it is not a conversation export (expected an object with "messages")');
  const document = parsed as Partial<Record<keyof ExportDocument, unknown>>;
  if (document.format !== EXPORT_FORMAT) throw new ImportRejected(`it is not a Parley export ("format" should be "${EXPORT_FORMAT}")`);
  if (typeof document.version !== 'number' || document.version > EXPORT_VERSION) {
    throw new ImportRejected(`it is export version ${String(document.version)}, and this Parley reads version ${EXPORT_VERSION}`);
  }
  if (!Array.isArray(document.messages)) throw new ImportRejected('"messages" is not a list');
  return document.messages;
}

// What the history rules take for granted: an object with a known role, and content that is text or
// a list of the blocks Parley stores, each with the fields the rules read.
function checkShape(message: unknown, n: number): void {
  if (typeof message !== 'object' || message === null) throw at(n, 'not a message object');
  const { role, content } = message as { role?: unknown; content?: unknown };
  if (role !== 'user' && role !== 'assistant') throw at(n, `role ${JSON.stringify(role)} (only "user" and "assistant")`);
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) throw at(n, 'no content');
  for (const block of content as unknown[]) {
    if (typeof block !== 'object' || block === null) throw at(n, 'a content block that is not an object');
    checkBlock(block as Block, role, n);
  }
}

function checkBlock(block: Block, role: 'user' | 'assistant', n: number): void {
  if (typeof block.type !== 'string' || !BLOCKS[role].has(block.type)) throw at(n, `a ${String(block.type)} block, which ${role} messages cannot hold here`);
  if (block.type === 'text' && typeof block.text !== 'string') throw at(n, 'a text block without text');
  if (block.type === 'tool_use' && (typeof block.id !== 'string' || block.id === '')) throw at(n, 'a tool_use without an id');
  if (block.type === 'tool_result' && typeof block.tool_use_id !== 'string') throw at(n, 'a tool_result without a tool_use_id');
}

function at(n: number, problem: string): ImportRejected {
  return new ImportRejected(`message ${n}: ${problem}`);
}
