// Events API listeners: mentions in channels and messages in DMs, each answered exactly once.
import { withinTime, type PendingHold, type PendingRecovery } from '../../core/index.js';
import { answer, notify, replyTargetOf } from './answer.js';
import type { SlackContext } from './context.js';
import { amend, isAmendment } from './edits.js';
import { SLACK } from './keys.js';
import type { EventListeners } from './listeners.js';
import { personMessage, type PersonMessage } from './message-filter.js';

/** The envelope fields the adapter reads (the same over HTTP and Socket Mode). */
interface Envelope {
  event_id?: string;
  team_id?: string;
}

/** The app_mention and message listeners (see listeners.ts for how they reach Bolt). */
export function messageListeners(ctx: SlackContext): EventListeners<'app_mention' | 'message'> {
  return {
    app_mention: ({ event, body, context }) => receive(ctx, 'app_mention', event, body, context.retryNum),
    message: ({ event, body, context }) => receive(ctx, 'message', event, body, context.retryNum),
  };
}

/**
 * Filters, deduplicates and records one delivery, then answers it in the background. Over HTTP, Bolt
 * sends its acknowledgement when this resolves (processBeforeResponse), so a message Slack saw
 * acknowledged is in the store (unless the store took longer than ACK_BUDGET_MS); in Socket Mode Bolt
 * acknowledged it just before this ran.
 */
async function receive(ctx: SlackContext, type: 'app_mention' | 'message', event: unknown, body: Envelope, retryNum: number | undefined): Promise<void> {
  if (type === 'message' && isAmendment(event)) {
    void ctx.track(async () => {
      if (body.event_id === undefined || (await ctx.parley.firstDelivery(`slack:event:${body.event_id}`))) await amend(ctx, event, body.team_id);
    });
    return;
  }
  const message = personMessage(type, event, body.team_id, ctx.bot);
  if (!message) return;
  const received = claimAndRecord(ctx, message, type, retryNum);
  // The acknowledgement waits for the record, but never past Slack's patience: a frozen store would
  // otherwise earn a retry per delivery. Past the budget the message is answered all the same.
  await withinTime(received, ACK_BUDGET_MS, undefined);
  void ctx.track(async () => {
    const hold = await received;
    // Bolt writes the 200 in the microtasks after this listener returns; the turn's first steps (the
    // status call, the guard, the store) start on the next turn of the event loop, after it.
    await new Promise((resolve) => setImmediate(resolve));
    if (hold) await answerHeld(ctx, message, hold);
  });
}

// Slack counts a delivery failed when its 200 takes over 3 s; two leave a second for Bolt and the network.
const ACK_BUDGET_MS = 2_000;

/**
 * Claims a delivery and, if it is the first, records it as pending: what runs before the acknowledgement.
 * The record's hold, or undefined for a delivery already claimed (the core's holdPending always gives one).
 */
async function claimAndRecord(ctx: SlackContext, message: PersonMessage, type: 'app_mention' | 'message', retryNum: number | undefined): Promise<PendingHold | undefined> {
  // The message's channel + ts names it however it arrives: a redelivery of an event Slack thinks failed
  // (X-Slack-Retry-Num) carries the same message, and a mention in a DM arrives twice (app_mention and
  // message.im, different event ids). So that one claim catches both; the event id would add a second
  // row to every delivery's claim and catch nothing more. Retries of events never seen (sent while the
  // app was down) still get their answer. Claimed in the shared store, so a retry that reaches another
  // process, or this one after a restart, is caught too.
  if (!(await ctx.parley.firstDelivery(`slack:message:${message.channel}:${message.ts}`))) {
    ctx.logger.debug('slack.duplicate_ignored', { type, retryNum });
    return undefined;
  }
  return ctx.parley.holdPending(PENDING_PLATFORM, `slack:${message.teamId}:${message.channel}:${message.ts}`, message);
}

/** The name Slack's pending messages are recorded under (see {@link resumeMessage}). */
export const PENDING_PLATFORM = SLACK;

/** Answers a message, then lets go of its record: answered, refused or failed, the person heard back. */
async function answerHeld(ctx: SlackContext, message: PersonMessage, hold: PendingHold): Promise<void> {
  try {
    await answer(ctx, message);
  } finally {
    await hold.settle();
  }
}

/**
 * A message a process that died had acknowledged: answered now (the core adds the note that an earlier
 * reply may have been cut off), or, past PENDING_MAX_AGE_MS, the person is asked to send it again.
 * The core settles its record once this resolves.
 */
export async function resumeMessage(ctx: SlackContext, message: PersonMessage, recovery: PendingRecovery): Promise<void> {
  if (recovery.action === 'resend') return notify(ctx, replyTargetOf(message), recovery.line);
  await answer(ctx, message, { receivedAt: recovery.receivedAt.toISOString() });
}
