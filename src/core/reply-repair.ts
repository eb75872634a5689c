import type { TextBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { Interruption, ModelReply } from './reply-accumulator.js';
import { NO_TEXT_ANSWER } from './reply-view.js';

// Turns any reply the API can send into content a later request may carry. Every rule here answers a
// 400 the API gives for a stored history: a tool_use with no tool_result (a reply cut inside a tool call),
// and empty or whitespace-only text blocks. What is stored is also what the person is shown.


const CUT_OFF_NOTES: Record<Interruption | 'max_tokens', string> = {
  max_tokens: '(My answer was cut off here: it reached its length limit. Ask me to continue.)',
  too_slow: '(My answer was cut off here: Claude took too long. Ask me to continue.)',
  stalled: '(My answer was cut off here: Claude stopped responding. Ask me to continue.)',
  broken: '(My answer was cut off here: the connection to Claude broke. Ask me to continue.)',
};

/** One reply as the loop keeps it. */
export interface KeptReply {
  /** Content to store: never an empty or blank text block, never a tool call that was cut off. */
  content: Array<TextBlockParam | ToolUseBlockParam>;
  /** The tool calls to run; empty when the reply is final. */
  toolUses: ToolUseBlockParam[];
  /** A line the core added (a cut-off note or the placeholder): stored, and shown as a note after the text. */
  note?: string;
}

/** Keeps what can be stored of `reply`: see the rules above. */
export function keepReply(reply: ModelReply): KeptReply {
  const cut = reply.interrupted ?? (reply.stopReason === 'max_tokens' ? 'max_tokens' : undefined);
  const content: KeptReply['content'] = [];
  for (const block of reply.content) {
    if (block.type === 'text' ? block.text.trim() !== '' : cut === undefined) content.push(block);
  }
  const toolUses = reply.stopReason === 'tool_use' && cut === undefined ? content.filter((b): b is ToolUseBlockParam => b.type === 'tool_use') : [];
  // A tool call the loop will not run is dropped too: left in, it would be a tool_use with no tool_result.
  const kept = toolUses.length > 0 ? content : content.filter((block) => block.type === 'text');
  if (cut !== undefined) {
    const note = CUT_OFF_NOTES[cut];
    // Stored as the person reads it: the text so far without its trailing blank, the note a paragraph on.
    const last = kept.at(-1);
    if (last?.type === 'text') kept[kept.length - 1] = { ...last, text: last.text.trimEnd() };
    return { content: [...kept, { type: 'text', text: kept.length > 0 ? `\n\n${note}` : note }], toolUses, note };
  }
  if (kept.length === 0) return { content: [{ type: 'text', text: NO_TEXT_ANSWER }], toolUses, note: NO_TEXT_ANSWER };
  return { content: kept, toolUses };
}
