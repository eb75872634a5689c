import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackHelpText } from '../../src/adapters/slack/index.js';
import { ALICE, GENERAL, startSlackHarness, waitFor, type SlackHarness } from './harness.js';

describe('@Parley help in a channel thread', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('answers only the person who asked, in the thread, with the help text', async () => {
    const root = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello' });
    await h.reply(GENERAL, root.event.ts);
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: root.event.ts, text: 'help' });
    const told = await waitFor(() => h.slack.ephemerals.find((e) => e.user === ALICE), 'the private help');
    expect(told).toMatchObject({ channel: GENERAL, threadTs: root.event.ts, text: slackHelpText() });
    expect(h.model.requests).toHaveLength(1);
  });

  it('names the mention and DM forms, since Slack has no /help', () => {
    expect(slackHelpText()).toContain('help (a message in our DM; anywhere else: @Parley help)');
    expect(slackHelpText()).toContain('/reset (in a thread: @Parley reset)');
  });
});
