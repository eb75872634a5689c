import type { TextBlockParam, Tool, ToolResultBlockParam, ToolUseBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { BetaRunnableTool } from '@anthropic-ai/sdk/lib/tools/BetaRunnableTool';
import { runRunnableTool } from './anthropic-sdk.js';
import type { BetaTool } from '@anthropic-ai/sdk/resources/beta';
import { HistoryRejected, ModelRejected, PromptTooLong } from './errors.js';
import type { ModelClient, ModelRequest } from './model-client.js';
import type { ModelReply } from './reply-accumulator.js';
import { keepReply } from './reply-repair.js';
import { turnTokens } from './turn-size.js';
import type { ModelMessage, TurnEvent, TurnResult, Usage } from './types.js';
import { addUsage, emptyUsage, totalInputTokens } from './usage.js';

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
  /**
   * Called once if the API refuses a request as longer than the context window: the history to retry
   * with (oldest turns dropped). Throws when even the new message alone cannot fit.
   */
  shorten?: (error: PromptTooLong, history: ModelMessage[]) => ModelMessage[];
}

/** The messages the turn adds to the history, and its outcome. */
export interface ToolLoopOutput {
  messages: ModelMessage[];
  result: TurnResult;
  /** The turn's size in later requests as the API counted it; undefined when the model reported no usage. */
  tokens: number | undefined;
}

/** Runs model → tools → model until the model answers without tools or the step limit is reached. */
export async function runToolLoop(input: ToolLoopInput): Promise<ToolLoopOutput> {
  const messages: ModelMessage[] = [input.userMessage];
  let usage: Usage = emptyUsage();
  const toolDefs = toolDefinitions(input.tools);
  const ask = askWithRecovery(input, toolDefs);
  let toolCalls = 0;
  let firstInput = 0;
  for (let step = 1; step <= input.maxSteps; step++) {
    const reply = await ask(messages);
    if (step === 1) firstInput = totalInputTokens(reply.usage);
    usage = addUsage(usage, reply.usage);
    const kept = keepReply(reply);
    const answer: ModelMessage = { role: 'assistant', content: kept.content };
    messages.push(answer);
    if (kept.note) input.emit({ type: 'note', text: kept.note });
    if (kept.toolUses.length === 0) {
      const lastOutput = reply.interrupted ? undefined : reply.usage.outputTokens;
      const tokens = turnTokens({ userMessage: input.userMessage, firstInput, lastInput: totalInputTokens(reply.usage), lastOutput, unsent: [], lastAnswer: answer, added: kept.note });
      return { messages, tokens, result: { text: textOf(kept.content), usage, steps: step, toolCalls, stoppedAtStepLimit: false } };
    }
    toolCalls += kept.toolUses.length;
    // Several calls in one step run together; each becomes one tool_result in a single user message.
    const results = await Promise.all(kept.toolUses.map((use) => runOne(input, use)));
    messages.push({ role: 'user', content: results });
    if (step === input.maxSteps) {
      const note = `(I stopped after ${input.maxSteps} tool steps without reaching an answer.)`;
      // Closing with an assistant message keeps roles alternating and every tool_use answered.
      const closing: ModelMessage = { role: 'assistant', content: [{ type: 'text', text: note }] };
      messages.push(closing);
      input.emit({ type: 'note', text: note });
      const unsent = messages.slice(-2);
      const tokens = turnTokens({ userMessage: input.userMessage, firstInput, lastInput: totalInputTokens(reply.usage), lastOutput: reply.usage.outputTokens, unsent, lastAnswer: answer, added: undefined });
      return { messages, tokens, result: { text: note, usage, steps: input.maxSteps, toolCalls, stoppedAtStepLimit: true } };
    }
  }
  throw new Error('the tool loop needs at least one step');
}

/**
 * One model request per call. A refusal as too long is retried once with the history `shorten` gives; a
 * refusal that names a message of the stored history becomes HistoryRejected, since only a reset helps.
 */
function askWithRecovery(input: ToolLoopInput, tools: Tool[]): (messages: ModelMessage[]) => Promise<ModelReply> {
  let history = input.history;
  let shortened = false;
  const request = (messages: ModelMessage[]): ModelRequest => ({ system: input.system, messages: [...history, ...messages], tools });
  return async function ask(messages) {
    try {
      return await input.model.step(request(messages), (delta) => input.emit({ type: 'text', delta }), input.signal);
    } catch (error) {
      if (error instanceof PromptTooLong && input.shorten && !shortened) {
        shortened = true;
        history = input.shorten(error, history);
        return ask(messages);
      }
      if (error instanceof ModelRejected && error.messageIndex !== undefined && error.messageIndex < history.length) {
        throw new HistoryRejected(error.message, { cause: error });
      }
      throw error;
    }
  };
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

function textOf(content: ModelReply['content']): string {
  return content.map((block) => (block.type === 'text' ? (block as TextBlockParam).text : '')).join('');
}
