import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { ConversationKey } from './conversation-key.js';

/** A message in the model's wire format, as stored and sent. Only the core handles these. */
export type ModelMessage = MessageParam;

/** Tokens a turn or conversation consumed, as the API reported them. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** Who sent a message. */
export interface Author {
  id: string;
  /** Shown to the model in shared conversations so it knows who said what. */
  displayName?: string;
}

/** A message from a person, already mapped by an adapter to its conversation. */
export interface IncomingMessage {
  key: ConversationKey;
  text: string;
  author: Author;
  /** Shared conversations (threads) label each message with its speaker. */
  shared?: boolean;
  /** Channel (or thread parent channel) the message came from, for allow-lists. */
  channelId?: string;
  /** Workspace or guild, for allow-lists. */
  workspaceId?: string;
}

/** Progress of a turn as the answer forms. */
export type TurnEvent =
  | { type: 'started' }
  | { type: 'text'; delta: string }
  | { type: 'tool_started'; id: string; name: string; input: unknown }
  | { type: 'tool_finished'; id: string; name: string; isError: boolean; output: string }
  /** A line from the core about the answer (e.g. the tool-step limit), shown once after its text. */
  | { type: 'note'; text: string }
  | { type: 'done'; result: TurnResult };

/** What a finished turn produced. */
export interface TurnResult {
  /** The final answer's text (the text of the last assistant message). */
  text: string;
  usage: Usage;
  /** Model requests made in this turn. */
  steps: number;
  toolCalls: number;
  /** True when the loop hit the step limit and the answer is cut short. */
  stoppedAtStepLimit: boolean;
}

/** One committed exchange: the user message, every tool round, and the final answer, stored together. */
export interface StoredTurn {
  index: number;
  /** ISO time the message arrived. */
  at: string;
  authorId: string;
  messages: ModelMessage[];
  usage: Usage;
  /** Estimated tokens of `messages`, for trimming without re-measuring. */
  tokens: number;
}

/** The small record read before every turn: counts, totals, who took part. */
export interface ConversationHead {
  /** Changes with every commit (a random id, so a reset and a regrown conversation never look alike); fenced commits compare it. */
  revision?: string;
  turns: number;
  messages: number;
  createdAt: string;
  updatedAt: string;
  usage: Usage;
  participants: string[];
}

/** A conversation handed to its owner: the JSON history and a readable transcript. */
export interface ConversationExport {
  /** `[{role, content}]`, exactly what the model sees, as pretty JSON. */
  json: string;
  markdown: string;
  messageCount: number;
  usage: Usage;
}
