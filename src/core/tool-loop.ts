import type { TextBlockParam, Tool, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { runRunnableTool, type BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta';
import type { ModelClient } from './model-client.js';
import type { ModelReply } from './reply-accumulator.js';
import type { ModelMessage, TurnEvent, TurnResult, Usage } from './types.js';
import { addUsage, emptyUsage } from './usage.js';

/** A tool the model may call: declared once with a zod schema via the SDK's `betaZodTool`. */
export type ParleyTool = BetaRunnableTool & Pick<BetaTool, 'name' | 'description' | 'input_schema'>;

/** What one turn's loop needs. */
export interface ToolLoopInput {
  model: ModelClient;
  tools: readonly ParleyTool[];
  system: string;
  /** Earlier turns' messages, already trimmed to budget. */
  history: ModelMessage[];
  userMessage: ModelMessage;
  maxSteps: number;
  emit: (event: TurnEvent) => void;
  signal?: AbortSignal;
}

/** The messages the turn adds to the history, and its outcome. */
export interface ToolLoopOutput {
  messages: ModelMessage[];
  result: TurnResult;
}

/** Runs model → tools → model until the model answers without tools or the step limit is reached. */
export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopOutput> {
  const messages: ModelMessage[] = [input.userMessage];
  let usage: Usage = emptyUsage();
  const toolDefs = toolDefinitions(input.tools);
  let toolCalls = 0;
  for (let step = 1; step <= input.maxSteps; step++) {
    const reply = await input.model.step(
      { system: input.system, messages: [...input.history, ...messages], tools: toolDefs },
      (delta) => input.emit({ type: 'text', delta }),
      input.signal,
    );
    usage = addUsage(usage, reply.usage);
    messages.push({ role: 'assistant', content: storedContent(reply.content) });
    const toolUses = reply.content.filter((block): block is ToolUseBlockParam => block.type === 'tool_use');
    if (reply.stopReason !== 'tool_use' || toolUses.length === 0) {
      return { messages, result: { text: textOf(reply.content), usage, steps: step, toolCalls, stoppedAtStepLimit: false } };
    }
    toolCalls += toolUses.length;
    // Several calls in one step run together; each becomes one tool_result in a single user message.
    const results = await Promise.all(toolUses.map((use) => runOne(input, use)));
    messages.push({ role: 'user', content: results });
  }
  const note = `(I stopped after ${input.maxSteps} tool steps without reaching an answer.)`;
  // Closing with an assistant message keeps roles alternating and every tool_use answered.
  messages.push({ role: 'assistant', content: [{ type: 'text', text: note }] });
  input.emit({ type: 'note', text: note });
  return { messages, result: { text: note, usage, steps: input.maxSteps, toolCalls, stoppedAtStepLimit: true } };
}

/** The tools as a request declares them (the summarising request repeats them byte for byte). */
export function toolDefinitions(tools: readonly ParleyTool[]): Tool[] {
  // The beta schema type differs only in readonly-ness from the stable one; the JSON is the same.
  return tools.map(({ name, description, input_schema }) => ({ name, description: description ?? '', input_schema }) as Tool);
}

async function runOne(input: ToolLoopInput, use: ToolUseBlockParam): Promise<ToolResultBlockParam> {
  input.emit({ type: 'tool_started', id: use.id, name: use.name, input: use.input });
  const tool = input.tools.find((candidate) => candidate.name === use.name);
  const outcome = tool
    ? await runRunnableTool(tool, use.input, { toolUse: use, toolUseBlock: use, signal: input.signal ?? null })
    : { content: `Error: there is no tool named "${use.name}"`, isError: true };
  const output = typeof outcome.content === 'string' ? outcome.content : JSON.stringify(outcome.content);
  input.emit({ type: 'tool_finished', id: use.id, name: use.name, isError: outcome.isError, output });
  return { type: 'tool_result', tool_use_id: use.id, content: output, ...(outcome.isError ? { is_error: true } : {}) };
}

// Empty text blocks are dropped, and an assistant message is never left empty: the API rejects
// both, and a rejected message in the history would fail every later request of the conversation.
function storedContent(content: ModelReply['content']): ModelReply['content'] {
  const kept = content.filter((block) => block.type !== 'text' || block.text.length > 0);
  return kept.length > 0 ? kept : [{ type: 'text', text: '(no answer)' }];
}

function textOf(content: ModelReply['content']): string {
  return content.map((block) => (block.type === 'text' ? (block as TextBlockParam).text : '')).join('');
}
