import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmEvent, mentionEvent, slashCommand } from '../fakes/slack-events.js';
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

  it('a body over Bolt\'s 4 MB limit gets a 413', async () => {
    const body = JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(4 * 1024 * 1024) });
    expect((await h.events.raw(body, 'application/json')).status).toBe(413);
  });

  it('Slack\'s URL verification, signed, is answered with its challenge', async () => {
    const result = await h.events.raw(JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), 'application/json');
    expect(result).toEqual({ status: 200, body: JSON.stringify({ challenge: 'c-123' }) });
  });

  it('a POST to another path is verified too: unsigned it gets a 401, signed it gets Bolt\'s 404', async () => {
    const body = JSON.stringify(mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> elsewhere' }));
    expect((await h.events.raw(body, 'application/json', { path: '/somewhere/else', signature: null })).status).toBe(401);
    expect((await h.events.raw(body, 'application/json', { path: '/somewhere/else' })).status).toBe(404);
  });

  it('a URL verification that is not signed gets a 401', async () => {
    const result = await h.events.raw(JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), 'application/json', { signature: null });
    expect(result.status).toBe(401);
  });
});

describe('Slack\'s SSL check, which Slack does not sign', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const form = 'application/x-www-form-urlencoded';

  it('gets a 200 without a signature', async () => {
    expect((await h.events.raw('ssl_check=1&token=x', form, { signature: null })).status).toBe(200);
  });

  it('carrying an event payload beside it answers 200 and the event reaches no listener', async () => {
    const smuggled = dmEvent({ user: ALICE, text: 'smuggled in an ssl check' });
    const body = new URLSearchParams({ ssl_check: '1', payload: JSON.stringify(smuggled) }).toString();
    expect((await h.events.raw(body, form, { signature: null })).status).toBe(200);
    await h.settle();
    expect(h.slack.thread(`D${ALICE}`, undefined)).toEqual([]);
    expect(h.model.requests.map((request) => JSON.stringify(request))).not.toContainEqual(expect.stringContaining('smuggled'));
  });

  it('carrying a slash command beside it answers 200 and the command is not run', async () => {
    const fields = slashCommand({ command: '/reset', user: ALICE, channel: GENERAL, responseUrl: h.slack.responseUrl('smuggled') });
    const body = new URLSearchParams({ ...fields, ssl_check: '1' }).toString();
    expect((await h.events.raw(body, form, { signature: null })).status).toBe(200);
    await h.settle();
    expect(h.slack.responses.filter((response) => response.id === 'smuggled')).toEqual([]);
  });
});
