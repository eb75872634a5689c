import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/index.js';
import { mentionEvent, signature, type DeliveryOptions } from '../fakes/slack-events.js';
import { ALICE, GENERAL, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.js';

describe('a request with a bad signature', () => {
  let h: SlackHarness;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    h = await startSlackHarness({ logger: createLogger({ level: 'warn', write: (line) => lines.push(line) }) });
  });
  afterEach(() => h.close());

  it('signed with the wrong secret is rejected with 401', async () => {
    const result = await h.events.event(mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> forged' }), { signWith: 'not-the-secret' });
    expect(result.status).toBe(401);
  });

  it('signed with the wrong secret is not processed', async () => {
    const forged = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> forged' });
    await h.events.event(forged, { signWith: 'not-the-secret' });
    await h.settle();
    expect(h.slack.thread(GENERAL, forged.event.ts)).toEqual([]);
    expect(h.model.requests).toHaveLength(1);
  });

  it('is logged as a refused request with its reason, and nothing of its body', async () => {
    await h.events.event(mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> forged secret words' }), { signWith: 'not-the-secret' });
    const refused = lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === 'slack.request_refused');
    expect(refused).toEqual([expect.objectContaining({ level: 'warn', reason: 'bad signature', status: 401 })]);
    expect(lines.join('\n')).not.toContain('secret words');
  });

  it('older than five minutes is rejected with 401 and not processed', async () => {
    const stale = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> replayed' });
    const result = await h.events.event(stale, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(result.status).toBe(401);
    await h.settle();
    expect(h.slack.thread(GENERAL, stale.event.ts)).toEqual([]);
  });

  it('for a slash command is rejected with 401', async () => {
    const result = await h.events.command(
      { command: '/reset', user_id: ALICE, channel_id: GENERAL, team_id: 'T0001', response_url: h.slack.responseUrl('forged') },
      { signWith: 'not-the-secret' },
    );
    expect(result.status).toBe(401);
  });

  // Each is the right signature of the request but for one thing, or no signature at all.
  const rightHash = (body: string, timestamp: number) => signature(SIGNING_SECRET, timestamp, body).slice('v0='.length);
  it.each<[string, (body: string, timestamp: number) => DeliveryOptions]>([
    ['without signature headers', () => ({ signature: null })],
    ['with a signature of another version', (body, timestamp) => ({ timestamp, signature: `v1=${rightHash(body, timestamp)}` })],
    ['with text after the right hash', (body, timestamp) => ({ timestamp, signature: `v0=${rightHash(body, timestamp)}=x` })],
    ['with the right hash in capitals', (body, timestamp) => ({ timestamp, signature: `v0=${rightHash(body, timestamp).toUpperCase()}` })],
    ['with a timestamp that is not a number', (body) => ({ signature: `v0=${rightHash(body, Number.NaN)}`, timestamp: Number.NaN })],
  ])('%s is rejected with 401 and not processed', async (_what, options) => {
    const forged = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> almost signed' });
    const result = await h.events.event(forged, options(JSON.stringify(forged), Math.floor(Date.now() / 1000)));
    expect(result.status).toBe(401);
    await h.settle();
    expect(h.slack.thread(GENERAL, forged.event.ts)).toEqual([]);
  });

  it('is refused at any spelling of the endpoint path that Bolt would route to it', async () => {
    for (const path of ['/slack/./events', '/slack/%2E/events', '/slack/events?from=elsewhere', '/slack/x/../events']) {
      const forged = mentionEvent({ user: ALICE, channel: GENERAL, text: `<@UBOT> forged at ${path}` });
      expect((await h.events.event(forged, { path, signWith: 'not-the-secret' })).status, path).toBe(401);
      await h.settle();
      expect(h.slack.thread(GENERAL, forged.event.ts), path).toEqual([]);
    }
  });
});

describe('a request Slack signed', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('is answered at another spelling of the path Bolt routes to the endpoint (so the refusals above are not a 404)', async () => {
    const sent = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> dotted path' });
    expect((await h.events.event(sent, { path: '/slack/./events' })).status).toBe(200);
    await h.reply(GENERAL, sent.event.ts);
  });

  it('with text beyond ASCII verifies (the signature covers the bytes Slack sent)', async () => {
    const sent = mentionEvent({ user: ALICE, channel: GENERAL, text: '<@UBOT> héllo — ✓ 日本' });
    expect((await h.events.event(sent)).status).toBe(200);
    expect((await h.reply(GENERAL, sent.event.ts)).text).toContain('héllo — ✓ 日本');
  });
});
