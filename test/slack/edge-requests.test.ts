import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mentionEvent } from '../fakes/slack-events.js';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('requests at the Slack endpoint that Slack would never send', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it.each([
    ['null', 'null'],
    ['an array', '[{"type":"event_callback"}]'],
    ['a string', '"hello"'],
    ['a number', '42'],
  ])('a signed JSON body that is %s gets a 400', async (_what, body) => {
    const result = await h.events.raw(body, 'application/json');
    expect(result.status).toBe(400);
  });

  it('an unsigned JSON null is refused as unsigned (401), not parsed', async () => {
    expect((await h.events.raw('null', 'application/json', { signWith: 'not-the-secret' })).status).toBe(401);
  });

  it('after such a body the endpoint keeps answering real events', async () => {
    await h.events.raw('null', 'application/json');
    const mention = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> still there?' });
    expect((await h.events.event(mention)).status).toBe(200);
  });

  it('a timestamp more than five minutes in the future is refused like a stale one, and not processed', async () => {
    const future = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> from the future' });
    const result = await h.events.event(future, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(result.status).toBe(401);
    await h.settle();
    expect(h.slack.thread(GENERAL, future.event.ts)).toEqual([]);
  });

  it('a timestamp a little ahead (clock skew under five minutes) is accepted', async () => {
    const skewed = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> slightly ahead' });
    expect((await h.events.event(skewed, { timestamp: Math.floor(Date.now() / 1000) + 60 })).status).toBe(200);
  });
});
