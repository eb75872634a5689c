import { afterEach, describe, expect, it } from 'vitest';
import { appHomeOpenedEvent } from '../fakes/slack-events.js';
import { slackHelpText } from '../../src/adapters/slack/index.js';
import { ALICE, startSlackHarness, waitFor, type SlackHarness } from './harness.js';

describe('opening the app in Slack', () => {
  let h: SlackHarness;
  afterEach(() => h.close());

  it('sets suggested prompts at the top of the Messages tab (no thread_ts)', async () => {
    h = await startSlackHarness();
    await h.deliver(appHomeOpenedEvent(ALICE, 'messages'));
    const call = await waitFor(() => h.slack.callsTo('assistant.threads.setSuggestedPrompts')[0], 'suggested prompts');
    expect(call.args.channel_id).toBe(`D${ALICE}`);
    expect(call.args.thread_ts).toBeUndefined();
    expect(call.args.prompts).toEqual([
      { title: 'What can you do?', message: 'What can you do?' },
      { title: 'Summarise a document I send you', message: 'Summarise a document I send you' },
      { title: 'What is 17% of 240?', message: 'What is 17% of 240?' },
    ]);
  });

  it('uses SLACK_SUGGESTED_PROMPTS when set', async () => {
    h = await startSlackHarness({ adapter: { suggestedPrompts: ['Draft a release note from the changes I paste'] } });
    await h.deliver(appHomeOpenedEvent(ALICE, 'messages'));
    const call = await waitFor(() => h.slack.callsTo('assistant.threads.setSuggestedPrompts')[0], 'suggested prompts');
    expect(call.args.prompts).toEqual([{ title: 'Draft a release note from the changes I…', message: 'Draft a release note from the changes I paste' }]);
  });

  it('shows the same help text on the Home tab as help in the DM', async () => {
    h = await startSlackHarness();
    await h.deliver(appHomeOpenedEvent(ALICE, 'home'));
    const call = await waitFor(() => h.slack.callsTo('views.publish')[0], 'views.publish');
    await h.dm({ user: ALICE, text: 'help' });
    const dmHelp = await waitFor(() => h.slack.messages.find((m) => m.channel === `D${ALICE}` && String(m.text).includes('/reset')), 'the help reply in the DM');
    expect(call.args).toEqual({ user_id: ALICE, view: { type: 'home', blocks: [{ type: 'markdown', text: slackHelpText() }] } });
    expect(slackHelpText()).toContain('import');
    expect(dmHelp.text).toContain(slackHelpText().split('\n')[0]);
    expect(h.slack.callsTo('assistant.threads.setSuggestedPrompts')).toEqual([]);
  });
});
