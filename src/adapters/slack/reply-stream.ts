// Writes one answer into Slack as it forms: streamed where Slack allows it, else posted once and edited.
import type { webApi } from '@slack/bolt';
import { DeliveryFailed, ReplyBuilder, userMessageFor, type Logger, type TurnEvent, type TurnResult } from '../../core/index.js';
import { MARKDOWN_BLOCK_LIMIT, markdownMessage, previewOf, splitMarkdown } from './render.js';

// Slack allows chat.update about 50 times a minute per channel (Tier 3); once a second stays under it.
const DEFAULT_UPDATE_INTERVAL_MS = 1_000;
// Characters ChatStreamer gathers before a chat.appendStream call: a few calls per paragraph, not per token.
const STREAM_BUFFER_CHARS = 256;
// Errors meaning this app or workspace cannot stream at all: remembered, so later turns skip the attempt.
const STREAMING_UNAVAILABLE = new Set(['unknown_method', 'feature_not_enabled', 'not_allowed_token_type', 'method_deprecated']);
// Errors meaning this conversation cannot stream (e.g. a channel type): this turn falls back, later ones try again.
const STREAMING_REFUSED_HERE = new Set(['not_allowed', 'not_supported', 'method_not_supported_for_channel_type', 'invalid_arguments']);

/** Whether chat.startStream is worth trying; one per adapter, so one unknown_method turns it off for the process. */
export class StreamingSwitch {
  #available: boolean;

  constructor(enabled = true) {
    this.#available = enabled;
  }

  /** True until Slack said this app cannot stream. */
  get available(): boolean {
    return this.#available;
  }

  /** Stops streaming attempts for the rest of the process. */
  disable(): void {
    this.#available = false;
  }
}

/** Where an answer goes and who asked (streams outside DMs must name their recipient). */
export interface ReplyTarget {
  channel: string;
  /** The thread to answer in; undefined for a top-level DM reply (which cannot stream). */
  threadTs?: string;
  recipientUserId: string;
  recipientTeamId: string;
}

/** What {@link deliverTurn} writes with. */
export interface ReplyDeps {
  /** The client with the post-safe retry policy. */
  writer: webApi.WebClient;
  streaming: StreamingSwitch;
  logger: Logger;
  updateIntervalMs?: number;
  now?: () => number;
}

/** Fields logged with a failed turn (no user text, no ids beyond pseudonyms). */
export type TurnLogFields = Record<string, unknown>;

/**
 * Consumes a turn's events and writes the answer; on a failed turn writes the error's one-line
 * explanation instead. Never throws: Slack failures are logged and, where possible, reported in place.
 * `onAnswered` runs once Slack has taken the whole answer.
 */
export async function deliverTurn(
  events: AsyncIterable<TurnEvent>,
  target: ReplyTarget,
  deps: ReplyDeps,
  logFields: TurnLogFields = {},
  onAnswered: () => void = () => undefined,
): Promise<TurnResult | undefined> {
  const builder = new ReplyBuilder();
  const reply = new Reply(builder, target, deps);
  try {
    for await (const event of events) {
      if (builder.apply(event) && event.type !== 'done') {
        await reply.progress((error) => deps.logger.warn('slack.progress_failed', { ...logFields, slackError: slackErrorCode(error), error }));
      }
    }
  } catch (error) {
    deps.logger.warn('slack.turn_failed', { ...logFields, code: (error as { code?: unknown }).code, error });
    builder.fail(error);
    await reply.fail().catch((slackError: unknown) => reply.lastResort(userMessageFor(error), slackError, logFields));
    return undefined;
  }
  const result = builder.result;
  if (!result) return undefined;
  try {
    await reply.finish();
    onAnswered();
  } catch (error) {
    // The turn is stored; only showing it failed. The person still gets a line saying so.
    await reply.lastResort(userMessageFor(new DeliveryFailed('Slack refused the answer', { cause: error })), error, logFields);
  }
  return result;
}

/** The Slack error code of a Web API failure (`channel_not_found`, `ratelimited`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

type Streamer = ReturnType<webApi.WebClient['chatStream']>;

/** One answer being written. */
class Reply {
  /** The visible text already handed to Slack (streamed or edited); always a prefix of the builder's. */
  #seen = '';
  #streamer: Streamer | undefined;
  /** Characters handed to the streamer; past the block limit the rest waits for the final edit. */
  #streamed = 0;
  #streamFailed = false;
  /** The message being edited (fallback mode), or the stream's message once it is stopped. */
  #ts: string | undefined;
  #lastUpdateAt = 0;
  #progressBroken = false;
  /** When the first text arrived: the first post waits one interval from then (see #edit). */
  #firstTextAt: number | undefined;
  #firstPostTimer: NodeJS.Timeout | undefined;
  /** The held-back first post once its timer fired, so no write overtakes it. */
  #firstPost: Promise<void> | undefined;
  #report: (error: unknown) => void = () => undefined;
  readonly #now: () => number;
  readonly #interval: number;

  constructor(
    private readonly builder: ReplyBuilder,
    private readonly target: ReplyTarget,
    private readonly deps: ReplyDeps,
  ) {
    this.#now = deps.now ?? Date.now;
    this.#interval = deps.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
  }

  get #streaming(): boolean {
    // Streams are always replies: a top-level DM answer has no thread_ts to stream under.
    return !this.#streamFailed && this.deps.streaming.available && this.target.threadTs !== undefined;
  }

  /**
   * Shows the reply's new words. A Slack failure here is reported and progress stops, but the reply keeps
   * growing in the builder: finish() still writes it whole, so a lost edit never loses the answer.
   */
  async progress(report: (error: unknown) => void): Promise<void> {
    const visible = this.builder.visibleText;
    const added = visible.slice(this.#seen.length);
    this.#seen = visible;
    this.#report = report;
    if (added.length === 0 || this.#progressBroken) return;
    try {
      await this.#show(added);
    } catch (error) {
      this.#progressBroken = true;
      report(error);
    }
  }

  async #show(added: string): Promise<void> {
    if (this.#streaming) {
      // Past one block's worth the stream pauses; finish() re-cuts the whole answer into messages.
      if (this.#streamed + added.length > MARKDOWN_BLOCK_LIMIT) return;
      try {
        await this.#stream().append({ markdown_text: added });
        this.#streamed += added.length;
        return;
      } catch (error) {
        await this.#streamRefused(error);
      }
    }
    await this.#edit();
  }

  async finish(): Promise<void> {
    await this.#settleFirstPost();
    const answer = this.builder.visibleText;
    const chunks = splitMarkdown(answer);
    if (this.#streamer && this.#streamStarted && this.#streaming) {
      try {
        // Whatever the stream has not shown yet (a note arriving with the end) goes out with the stop.
        const tail = answer.slice(this.#streamed);
        await this.#streamer.stop(tail && this.#streamed + tail.length <= MARKDOWN_BLOCK_LIMIT ? { markdown_text: tail } : {});
        this.#ts = this.#streamer.ts;
        if (tail.length <= MARKDOWN_BLOCK_LIMIT - this.#streamed) this.#streamed += tail.length;
        // A stream holds one block's worth; anything longer is re-cut at proper boundaries below.
        if (chunks.length === 1 && this.#streamed === answer.length) return;
      } catch (error) {
        await this.#streamRefused(error);
      }
    }
    const [first = answer, ...rest] = chunks;
    await this.#write(first);
    for (const chunk of rest) await this.#post(chunk);
  }

  async fail(): Promise<void> {
    await this.#settleFirstPost();
    const visible = this.builder.visibleText;
    if (this.#streamer && this.#streamStarted && this.#streaming) {
      try {
        await this.#streamer.stop({ markdown_text: visible.slice(this.#streamed) });
        return;
      } catch (error) {
        await this.#streamRefused(error);
      }
    }
    const line = this.builder.view.error ?? '';
    await this.#write(visible.length <= MARKDOWN_BLOCK_LIMIT ? visible : `${previewOf(visible.slice(0, -line.length), MARKDOWN_BLOCK_LIMIT - line.length - 4)}\n\n${line}`);
  }

  /** After a Slack failure: one plain post of the explanation, and nothing more if that fails too. */
  async lastResort(line: string, cause: unknown, logFields: TurnLogFields): Promise<void> {
    this.deps.logger.warn('slack.reply_failed', { ...logFields, slackError: slackErrorCode(cause), error: cause });
    try {
      await this.#post(line);
    } catch (error) {
      this.deps.logger.warn('slack.reply_failed', { ...logFields, slackError: slackErrorCode(error), error, lastResort: true });
    }
  }

  /**
   * True once Slack holds the stream's message. Before that everything is still in the streamer's
   * buffer (a short answer): one chat.postMessage says it all, where stopping the stream would take
   * chat.startStream and chat.stopStream.
   */
  get #streamStarted(): boolean {
    return this.#streamer?.ts !== undefined;
  }

  #stream(): Streamer {
    this.#streamer ??= this.deps.writer.chatStream({
      channel: this.target.channel,
      thread_ts: this.target.threadTs!,
      recipient_user_id: this.target.recipientUserId,
      recipient_team_id: this.target.recipientTeamId,
      buffer_size: STREAM_BUFFER_CHARS,
    });
    return this.#streamer;
  }

  /** Falls back to post-and-edit for the rest of this answer (and, for some errors, of the process). */
  async #streamRefused(error: unknown): Promise<void> {
    const code = slackErrorCode(error);
    if (code && STREAMING_UNAVAILABLE.has(code)) {
      this.deps.streaming.disable();
      this.deps.logger.info('slack.streaming_unavailable', { slackError: code });
    } else if (!code || !STREAMING_REFUSED_HERE.has(code)) {
      this.deps.logger.warn('slack.stream_failed', { slackError: code, error });
    }
    this.#streamFailed = true;
    const started = this.#streamer?.ts;
    if (!started) return;
    // A stream that already started becomes the message the fallback edits in place; stopping it first
    // takes it out of its streaming state. If that fails too (already stopped, or gone), the edit will tell.
    this.#ts ??= started;
    await this.#streamer!.stop().catch(() => undefined);
  }

  /**
   * Fallback progress: post the answer so far once, then edit it at most once per interval. The first
   * post waits one interval from the first text, so an answer complete by then is posted once, whole,
   * instead of posted and edited a moment later (one Web API call instead of two).
   */
  async #edit(): Promise<void> {
    await this.#firstPost;
    if (!this.#ts) {
      this.#firstTextAt ??= this.#now();
      if (this.#now() - this.#firstTextAt < this.#interval) return this.#holdFirstPost();
    } else if (this.#now() - this.#lastUpdateAt < this.#interval) return;
    await this.#write(previewOf(this.#seen));
  }

  /** Posts the answer so far when the interval ends, should no later text arrive before then. */
  #holdFirstPost(): void {
    if (this.#firstPostTimer) return;
    this.#firstPostTimer = setTimeout(() => {
      if (this.#ts || this.#progressBroken) return;
      this.#firstPost = this.#write(previewOf(this.#seen)).catch((error: unknown) => {
        this.#progressBroken = true;
        this.#report(error);
      });
    }, this.#firstTextAt! + this.#interval - this.#now());
  }

  /** Before the final write: a first post not yet due is dropped; one under way is waited for. */
  async #settleFirstPost(): Promise<void> {
    clearTimeout(this.#firstPostTimer);
    await this.#firstPost;
  }

  async #write(markdown: string): Promise<void> {
    this.#lastUpdateAt = this.#now();
    if (this.#ts) {
      await this.deps.writer.chat.update({ channel: this.target.channel, ts: this.#ts, ...markdownMessage(markdown) });
    } else {
      this.#ts = await this.#post(markdown);
    }
  }

  async #post(markdown: string): Promise<string | undefined> {
    const response = await this.deps.writer.chat.postMessage({
      channel: this.target.channel,
      ...(this.target.threadTs ? { thread_ts: this.target.threadTs } : {}),
      ...markdownMessage(markdown),
    });
    return response.ts;
  }
}
