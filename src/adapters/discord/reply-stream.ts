// Shows an answer as it forms: the typing indicator, then a reply edited at most once per interval.
import type { Message, SendableChannels } from 'discord.js';
import type { Logger } from '../../core/index.js';
import { deleteOwn, editOwn, postOwn, type OwnMessage } from './own-messages.js';
import { previewPieces, splitMessage } from './render.js';

// Discord publishes no edit rate; bots that stream by editing settle on about one edit a second,
// and discord.js's REST manager still waits out any 429 it gets.
/** Default least time between two edits of a streaming reply. */
export const DEFAULT_EDIT_INTERVAL_MS = 1_000;
// The typing indicator lapses after 10 s; renewing at 8 s keeps it on without gaps.
/** Default renewal period of the typing indicator. */
export const DEFAULT_TYPING_INTERVAL_MS = 8_000;

/** Settings of {@link startReplyStream}. */
export interface ReplyStreamOptions {
  editIntervalMs: number;
  typingIntervalMs: number;
  logger: Logger;
  /** Answer here instead of replying in the message's channel (the thread DISCORD_AUTO_THREAD opened). */
  into?: SendableChannels;
}

/** A reply in progress, fed the reply's visible text as it grows. */
export interface ReplyStream {
  /** The reply's words so far; shown at the next edit. */
  update(text: string): void;
  /** Shows the final text (split into several messages when long) and stops typing; rejects when Discord refused it. */
  finish(text: string): Promise<void>;
  /** Shows the text of a failed reply (what was said, then the error line) and stops typing; never rejects. */
  fail(text: string): Promise<void>;
  /** Stops typing without posting (the message was answered some other way). */
  cancel(): void;
}

interface Posted {
  message: OwnMessage;
  content: string;
}

/** Starts typing in the message's channel and returns the stream that will answer it. */
export function startReplyStream(source: Message, options: ReplyStreamOptions): ReplyStream {
  const { logger } = options;
  const channel = options.into ?? source.channel;
  const { rest } = source.client;
  const posted: Posted[] = [];
  let text = '';
  let shownText = '';
  // Counting the first interval from the start holds the first preview back too: an answer complete
  // within it is posted once, whole, instead of posted and then edited a moment later.
  let lastFlushAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const typing = () => {
    if ('sendTyping' in channel) {
      channel.sendTyping().catch((error: unknown) => logger.debug('discord.typing_failed', { error }));
    }
  };
  typing();
  const typingTimer = setInterval(typing, options.typingIntervalMs);
  typingTimer.unref();

  // Every REST call runs on one chain, so edits never overtake each other.
  const enqueue = (work: () => Promise<void>): Promise<void> => {
    chain = chain.then(work).catch((error: unknown) => logger.warn('discord.reply_update_failed', { error }));
    return chain;
  };

  const show = async (pieces: string[]): Promise<void> => {
    for (const [index, content] of pieces.entries()) {
      const existing = posted[index];
      if (existing) {
        if (existing.content === content) continue;
        await editOwn(rest, existing.message, content);
        existing.content = content;
      } else {
        // The first piece replies to the question (in a thread of its own, it opens the thread); the rest follow it.
        const message = await postOwn(rest, channel.id, content, index === 0 && !options.into ? source.id : undefined);
        posted.push({ message, content });
      }
    }
    // A preview can use one message more than the final text (the marker pushed it over a limit).
    for (const extra of posted.splice(pieces.length)) await deleteOwn(rest, extra.message);
  };

  const schedule = () => {
    if (timer || closed) return;
    // The interval counts from the end of the previous edit, so slow REST calls slow edits down too.
    const wait = Math.max(0, lastFlushAt + options.editIntervalMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      void flushPreview();
    }, wait);
  };

  const flushPreview = () =>
    enqueue(async () => {
      if (closed || text === shownText) return;
      // Queued behind a slow edit: wait for the next slot instead of editing right after it.
      if (Date.now() < lastFlushAt + options.editIntervalMs) {
        schedule();
        return;
      }
      const snapshot = text;
      await show(previewPieces(snapshot));
      shownText = snapshot;
      lastFlushAt = Date.now();
    });

  const stopTimers = () => {
    closed = true;
    clearInterval(typingTimer);
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  return {
    update(visible) {
      if (closed) return;
      text = visible;
      schedule();
    },
    async finish(finalText) {
      stopTimers();
      let refused: unknown;
      await enqueue(async () => {
        const wait = lastFlushAt + options.editIntervalMs - Date.now();
        if (posted.length > 0 && wait > 0) await delay(wait);
        await show(splitMessage(finalText)).catch((error: unknown) => void (refused = error ?? new Error('refused')));
      });
      if (refused !== undefined) throw refused;
    },
    async fail(visible) {
      stopTimers();
      await enqueue(() => show(splitMessage(visible)));
    },
    cancel: stopTimers,
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
