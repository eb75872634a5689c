// Events API listeners: mentions in channels and messages in DMs, each answered exactly once.
import type { App } from '@slack/bolt';
import { answer } from './answer.js';
import type { SlackContext } from './context.js';
import { amend, isAmendment } from './edits.js';
import { personMessage } from './message-filter.js';

/** The envelope fields the adapter reads (the same over HTTP and Socket Mode). */
interface Envelope {
  event_id?: string;
  team_id?: string;
}

/** Registers the app_mention and message listeners. */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.event('app_mention', ({ event, body, context }) => receive(ctx, 'app_mention', event, body, context.retryNum));
  app.event('message', ({ event, body, context }) => receive(ctx, 'message', event, body, context.retryNum));
}

/** Filters, deduplicates and answers one delivery. Bolt has already acknowledged it. */
function receive(ctx: SlackContext, type: 'app_mention' | 'message', event: unknown, body: Envelope, retryNum: number | undefined): Promise<void> {
  return ctx.track(async () => {
    if (type === 'message' && isAmendment(event)) {
      if (body.event_id === undefined || (await ctx.parley.firstDelivery(`slack:event:${body.event_id}`))) await amend(ctx, event, body.team_id);
      return;
    }
    const message = personMessage(type, event, body.team_id, ctx.bot);
    if (!message) return;
    // Slack redelivers an event it thinks failed (X-Slack-Retry-Num): the event id catches those, and a
    // mention in a DM arrives twice (app_mention and message.im) with different ids but one channel+ts.
    // Retries of events never seen (sent while the app was down) still get their answer.
    // Claimed in the shared store, so a retry that reaches another process, or this one after a restart, is caught too.
    const firstDelivery = body.event_id === undefined || (await ctx.parley.firstDelivery(`slack:event:${body.event_id}`));
    if (!firstDelivery || !(await ctx.parley.firstDelivery(`slack:message:${message.channel}:${message.ts}`))) {
      ctx.logger.debug('slack.duplicate_ignored', { type, retryNum });
      return;
    }
    await answer(ctx, message);
  });
}
