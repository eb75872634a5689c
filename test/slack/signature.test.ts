import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mentionEvent } from '../fakes/slack-events.js';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('a request with a bad signature', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
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
});
