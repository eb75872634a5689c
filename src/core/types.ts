import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { Attachment, AttachmentSummary } from './attachments.js';
import type { MessageAddress } from './conversation-key.js';

/** A message in the model's wire format, as stored and sent. Only the core handles these. */
export type ModelMessage = MessageParam;

/** Tokens a turn or conversation consumed, by kind, as the API reported them, and what they cost. */
export interface Usage {
  /** Input tokens neither read from nor written to the prompt cache (the API's `input_tokens`). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens written to the prompt cache (`cache_creation_input_tokens`, 1.25 × the input price). */
  cacheWriteTokens?: number;
  /** Input tokens read from the prompt cache (`cache_read_input_tokens`, 0.1 × the input price). */
  cacheReadTokens?: number;
  /** Estimated cost in US dollars from the price table; absent when the model's price is unknown. */
  costUsd?: number;
}

/** A message from a person, as an adapter received it; the core finds its conversation from `address`. */
export interface IncomingMessage {
  /** Who wrote it and where: the conversation's key, and whether the conversation is shared, come from this alone. */
  address: MessageAddress;
  text: string;
  /** The writer's name as the platform shows it, for the speaker labels of shared threads (sanitised there). */
  displayName?: string;
  /** Files sent with the message, downloaded by the adapter; text may be empty when there are some. */
  attachments?: Attachment[];
  /**
   * The platform's id for this message, qualified by the adapter (e.g. `slack:T1:D1:1760.0001`), so a
   * later deletion or edit of it can find its turn.
   */
  sourceId?: string;
  /**
   * Set when a message is answered again because the process answering it died (PendingRecovery): the
   * reply ends with a note that an earlier reply may have been cut off, and if a stored turn already
   * answers `sourceId` (the process died after committing it), that answer is shown again, not asked twice.
   */
  recovered?: { receivedAt: string };
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
  /** The turn's index in its conversation (0 for the first), set once the turn is committed. */
  turnIndex?: number;
}

/** One committed exchange: the user message, every tool round, and the final answer, stored together. */
export interface StoredTurn {
  index: number;
  /** ISO time the message arrived. */
  at: string;
  authorId: string;
  messages: ModelMessage[];
  usage: Usage;
  /** Tokens `messages` take in a request, for trimming without re-measuring. */
  tokens: number;
  /** True when `tokens` is the size the API counted (turn-size.ts), not an estimate. */
  tokensMeasured?: boolean;
  /** Files the person sent with the message, stored as base64 blocks in `messages[0]` (whose first block is then the text). */
  attachments?: AttachmentSummary[];
  /** Base64 characters of those file blocks: what they add to each request that carries them. */
  fileBytes?: number;
  /** The platform message the turn answers (see {@link IncomingMessage.sourceId}). */
  sourceId?: string;
  /** ISO time its author edited the message; the stored text is the edited one. */
  editedAt?: string;
  /** ISO time its author deleted the message; its text and files are gone from the turn. */
  deletedAt?: string;
  /** Set on the turn whose history outgrew the budget: the summary made then, and what making it cost (included in `usage`). */
  compaction?: { summary: HistorySummary; usage: Usage };
}

/**
 * What replaced a conversation's oldest turns in the model's window (the store keeps the turns).
 * Requests carry it in the system prompt, followed by the turns from `throughTurn` on.
 */
export interface HistorySummary {
  /** Turns with a lower index are summarised (or, with COMPACTION=off, simply out of the window). */
  throughTurn: number;
  /** The summary; empty when compaction is off. */
  text: string;
  /** Estimated tokens of `text`. */
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
  /** The latest summary: the window starts at its `throughTurn` (absent until the history first outgrew its budget). */
  summary?: HistorySummary;
}

/** A conversation handed to its owner: the JSON history and a readable transcript. */
export interface ConversationExport {
  /** The export document (format, version, messages `[{role, content}]` exactly as the model sees them), as pretty JSON. */
  json: string;
  markdown: string;
  messageCount: number;
  usage: Usage;
}

/** A person's change to a message Parley already answered. */
export type MessageChange =
  /** The message was deleted: its text and files leave the history. */
  | { kind: 'deleted' }
  /** The message was edited: `message` carries the new text (its address names the writer; the stored turn's conversation is used). */
  | { kind: 'edited'; message: Pick<IncomingMessage, 'address' | 'text' | 'displayName'> };
