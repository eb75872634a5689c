import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slashCommand } from '../fakes/slack-events.js';
import { ALICE, startSlackHarness, type SlackHarness } from './harness.js';

describe('a slash command redelivered with the same trigger_id', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('runs once: the second /reset delivery is acknowledged and does nothing', async () => {
    await h.dm({ user: ALICE, text: 'remember me' });
    await h.reply(`D${ALICE}`, undefined, 'echo: remember me');
    const fields = slashCommand({ command: '/reset', user: ALICE, channel: `D${ALICE}`, responseUrl: h.slack.responseUrl('first') });

    expect((await h.events.command(fields)).status).toBe(200);
    // Slack's retry of a command whose acknowledgement it missed carries the same trigger_id.
    expect((await h.events.command(fields, { retryNum: 1 })).status).toBe(200);
    await h.settle();

    const answered = h.slack.responses.filter((response) => response.id === 'first');
    expect(answered).toHaveLength(1);
    expect(String(answered[0]!.body.text)).toContain('forgotten');
  });

  it('still runs a new invocation of the same command (a new trigger_id)', async () => {
    const first = slashCommand({ command: '/reset', user: ALICE, channel: `D${ALICE}`, responseUrl: h.slack.responseUrl('one') });
    const second = slashCommand({ command: '/reset', user: ALICE, channel: `D${ALICE}`, responseUrl: h.slack.responseUrl('two') });
    await h.events.command(first);
    await h.events.command(second);
    await h.settle();
    expect(h.slack.responses.filter((response) => response.id === 'one' || response.id === 'two')).toHaveLength(2);
  });
});
