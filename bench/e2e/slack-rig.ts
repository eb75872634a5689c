// The driver's side of the Slack path: the fake Web API the bot writes to (test/fakes/slack-api.ts),
// signed Events API deliveries into the bot's POST /slack/events, and a tracker that resolves a turn
// when the Web API holds a message showing its whole answer.
import { performance } from 'node:perf_hooks';
import { startFakeSlackApi, type FakeSlackApi, type RecordedCall } from '../../test/fakes/slack-api.js';
import { dmEvent, SlackEventSender } from '../../test/fakes/slack-events.js';
import { BENCH_SIGNING_SECRET } from './bot-process.js';
import { AnswerWaiters } from './answers.js';
import { turnRef } from './history-check.js';

/** One turn sent: when Slack got its acknowledgement and when its answer was complete, ms after sending. */
export interface SentTurn {
  acked: Promise<number>;
  answered: Promise<number>;
}

/** The fake Slack workspace the bots are driven through. */
export interface SlackRig {
  api: FakeSlackApi;
  /** Web API calls by method since the last {@link SlackRig.resetCounts} (auth.test excluded). */
  counts: Map<string, number>;
  resetCounts(): void;
  /** Points deliveries at a bot's receiver. */
  target(port: number): void;
  /** Sends `text + ref` as a DM from `user`; the turn is answered when a message shows `ref`. */
  send(user: string, turn: number, timeoutMs: number): SentTurn;
  /** Forgets messages and pending turns between bots. */
  clear(): void;
  close(): Promise<void>;
}

/** A chat-sized question (~25 tokens); the marker makes each turn's answer recognisable. */
export const QUESTION = 'Could you summarise what we decided about the release date and who owns the changelog?';

const REPLY_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.startStream', 'chat.appendStream', 'chat.stopStream']);

/** Starts the fake Web API in this (the driver's) process. */
export async function startSlackRig(): Promise<SlackRig> {
  const api = await startFakeSlackApi();
  const counts = new Map<string, number>();
  const waiting = new AnswerWaiters();
  let sender: SlackEventSender | undefined;
  // Calls are counted, not kept: a long run would otherwise hold every call's arguments.
  api.calls.push = (...calls: RecordedCall[]) => {
    const at = performance.now();
    for (const call of calls) {
      if (call.method !== 'auth.test') counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
      if (!REPLY_METHODS.has(call.method) || call.response.ok !== true) continue;
      waiting.seen(shownText(api, call), at);
    }
    return 0;
  };
  return {
    api,
    counts,
    resetCounts: () => counts.clear(),
    target(port) {
      sender = new SlackEventSender(`http://127.0.0.1:${port}/slack/events`, BENCH_SIGNING_SECRET);
    },
    send(user, turn, timeoutMs) {
      if (!sender) throw new Error('no bot to send to');
      const ref = turnRef(user, turn);
      const payload = dmEvent({ user, text: `${QUESTION} ${ref}` });
      const started = performance.now();
      const answered = waiting.expect(ref, timeoutMs);
      const acked = sender.event(payload).then((result) => {
        if (result.status !== 200) throw new Error(`delivery answered ${result.status}`);
        return performance.now() - started;
      });
      acked.catch(() => undefined);
      return { acked, answered };
    },
    clear() {
      api.reset();
      waiting.clear();
    },
    close: () => api.close(),
  };
}

// What the message looks like after this call: a post or edit shows its own text; a stream shows
// everything appended so far, which the fake keeps on the message.
function shownText(api: FakeSlackApi, call: RecordedCall): string {
  if (call.method === 'chat.postMessage' || call.method === 'chat.update') {
    const blocks: Array<{ type?: string; text?: unknown }> = Array.isArray(call.args.blocks) ? call.args.blocks : [];
    const markdown = blocks.filter((block) => block.type === 'markdown').map((block) => String(block.text ?? ''));
    return markdown.length > 0 ? markdown.join('') : String(call.args.text ?? '');
  }
  const ts = call.response.ts;
  for (let i = api.messages.length - 1; i >= 0; i--) if (api.messages[i]!.ts === ts) return api.messages[i]!.text;
  return '';
}
