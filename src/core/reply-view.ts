// What the person sees of a turn, built once from the core's TurnEvents; each adapter only renders it.
import { userMessageFor } from './user-messages.js';
import type { TurnEvent, TurnResult } from './types.js';

/** One tool call as the person may be shown it while the answer forms. */
export interface ToolActivity {
  id: string;
  name: string;
  state: 'running' | 'succeeded' | 'failed';
}

/** A platform-neutral reply: everything an adapter may show, nothing it must compute. */
export interface ReplyView {
  /** What the model has written so far, the text of every tool round kept, rounds a paragraph apart. */
  text: string;
  tools: readonly ToolActivity[];
  /** Lines from the core about the answer itself (e.g. the tool-step limit), each shown once. */
  notes: readonly string[];
  /** The one short line explaining a failure; set when the turn or its delivery failed. */
  error?: string;
  /** True once the turn ended, answered or failed. */
  finished: boolean;
}

// Shown when a turn ends with no text at all: an empty message is refused by every platform.
const NO_TEXT_ANSWER = '(I have no text answer to that.)';
const PARAGRAPH = '\n\n';

/**
 * Folds a turn's events into a {@link ReplyView}. Its visible text only ever grows (text, then notes,
 * then an error line), so a renderer that cannot edit (the terminal) prints the new tail and one that
 * can (Slack, Discord) re-renders the whole: both show the same words.
 */
export class ReplyBuilder {
  #text = '';
  /** A tool call came after some text: the next text starts a new paragraph. */
  #breakPending = false;
  readonly #tools: ToolActivity[] = [];
  readonly #notes: string[] = [];
  #error: string | undefined;
  #result: TurnResult | undefined;
  #finished = false;

  /** Applies one event; returns true when the visible text changed. */
  apply(event: TurnEvent): boolean {
    switch (event.type) {
      case 'text':
        return this.#appendText(event.delta);
      case 'tool_started':
        if (this.#text.trim().length > 0) this.#breakPending = true;
        this.#tools.push({ id: event.id, name: event.name, state: 'running' });
        return false;
      case 'tool_finished': {
        const tool = this.#tools.find((candidate) => candidate.id === event.id);
        if (tool) tool.state = event.isError ? 'failed' : 'succeeded';
        return false;
      }
      case 'note':
        if (this.#notes.includes(event.text)) return false;
        this.#notes.push(event.text);
        return true;
      case 'done':
        this.#result = event.result;
        this.#finished = true;
        return true;
      default:
        return false;
    }
  }

  /** The turn failed: the partial text stays, followed by the error's one-line explanation. */
  fail(error: unknown): void {
    this.#error = userMessageFor(error);
    this.#finished = true;
  }

  /** The result of the finished turn, if it finished with one. */
  get result(): TurnResult | undefined {
    return this.#result;
  }

  /** A snapshot of the reply. */
  get view(): ReplyView {
    return {
      text: this.#text,
      tools: this.#tools.map((tool) => ({ ...tool })),
      notes: [...this.#notes],
      ...(this.#error !== undefined ? { error: this.#error } : {}),
      finished: this.#finished,
    };
  }

  /** The text every platform shows for the reply as it stands. */
  get visibleText(): string {
    return visibleText(this.view);
  }

  #appendText(delta: string): boolean {
    if (delta.length === 0) return false;
    if (this.#breakPending) {
      this.#breakPending = false;
      if (!this.#text.endsWith(PARAGRAPH)) this.#text += this.#text.endsWith('\n') ? '\n' : PARAGRAPH;
    }
    this.#text += delta;
    return true;
  }
}

/** The words of a reply, the same on every platform: text, notes, then the error line, a paragraph apart. */
export function visibleText(view: ReplyView): string {
  const text = view.text.trimEnd();
  const parts = [text, ...view.notes, view.error ?? ''].filter((part) => part.length > 0);
  if (parts.length === 0) return view.finished ? NO_TEXT_ANSWER : '';
  return parts.join(PARAGRAPH);
}
