import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, GENERAL, startSlackHarness, userTexts, waitFor, type SlackHarness, threadKey } from './harness.js';

const TEAM = 'T0001';

describe('@bot reset inside a thread', () => {
  let h: SlackHarness;
  let root: string;
  beforeEach(async () => {
    h = await startSlackHarness();
    const started = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread secret' });
    root = started.event.ts;
    await h.reply(GENERAL, root);
    await h.mention({ user: BOB, channel: GENERAL, threadTs: root, text: 'bob was here' });
    await h.reply(GENERAL, root, (text) => text.includes('bob was here'));
  });
  afterEach(() => h.close());

  it('lets any participant delete that thread', async () => {
    await h.mention({ user: BOB, channel: GENERAL, threadTs: root, text: 'reset' });
    await waitFor(() => h.slack.ephemerals.find((e) => e.user === BOB), 'the confirmation');
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, root), ALICE)).toBeUndefined();
  });

  it('confirms only to the person who asked, in the thread', async () => {
    await h.mention({ user: BOB, channel: GENERAL, threadTs: root, text: 'reset' });
    const confirmation = await waitFor(() => h.slack.ephemerals.find((e) => e.user === BOB), 'the confirmation');
    expect(confirmation).toMatchObject({ channel: GENERAL, threadTs: root, text: expect.stringContaining('forgotten this conversation') });
    expect(h.slack.thread(GENERAL, root)).toHaveLength(2);
  });

  it('makes the next mention in the thread start afresh', async () => {
    await h.mention({ user: BOB, channel: GENERAL, threadTs: root, text: 'reset' });
    await waitFor(() => h.slack.ephemerals.find((e) => e.user === BOB), 'the confirmation');
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: root, text: 'anything left?' });
    await h.reply(GENERAL, root, (text) => text.includes('anything left?'));
    expect(userTexts(h.model.lastRequest().body)).toEqual(['[Alice (U1111)]: anything left?']);
  });

  it('does nothing for someone who never spoke in the thread', async () => {
    await h.mention({ user: CAROL, channel: GENERAL, threadTs: root, text: 'reset' });
    const answer = await waitFor(() => h.slack.ephemerals.find((e) => e.user === CAROL), 'the answer');
    expect(answer.text).toContain('nothing of yours');
    expect(await h.parley.exportConversation(threadKey(TEAM, GENERAL, root), ALICE)).toBeDefined();
  });

  it('is not sent to the model', async () => {
    const before = h.model.requests.length;
    await h.mention({ user: BOB, channel: GENERAL, threadTs: root, text: 'reset' });
    await waitFor(() => h.slack.ephemerals.find((e) => e.user === BOB), 'the confirmation');
    expect(h.model.requests.length).toBe(before);
  });
});

describe('@bot export inside a thread', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it("sends the thread to the asker's DM and tells only them", async () => {
    const started = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread content' });
    await h.reply(GENERAL, started.event.ts);
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: started.event.ts, text: 'export' });

    const confirmation = await waitFor(() => h.slack.ephemerals.find((e) => e.user === ALICE), 'the confirmation');
    expect(confirmation.text).toContain('conversation.json');
    expect(h.slack.files.map((file) => [file.filename, file.channel]).sort()).toEqual([
      ['conversation.json', `D${ALICE}`],
      ['conversation.md', `D${ALICE}`],
    ]);
  });

  it('gives a non-participant nothing', async () => {
    const started = await h.mention({ user: ALICE, channel: GENERAL, text: 'thread secret' });
    await h.reply(GENERAL, started.event.ts);
    await h.mention({ user: CAROL, channel: GENERAL, threadTs: started.event.ts, text: 'export' });

    const answer = await waitFor(() => h.slack.ephemerals.find((e) => e.user === CAROL), 'the answer');
    expect(answer.text).toContain('no conversation of yours');
    expect(h.slack.files).toEqual([]);
  });
});
