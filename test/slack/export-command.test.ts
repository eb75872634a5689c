import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, GENERAL, startSlackHarness, waitFor, type SlackHarness } from './harness.js';

describe('/export', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it("in a DM uploads the conversation as JSON and Markdown into the invoker's DM", async () => {
    await h.dm({ user: ALICE, text: 'the launch code is 1234' });
    await h.reply(`D${ALICE}`, undefined, 'echo: the launch code is 1234');
    const response = await h.command('/export', ALICE, `D${ALICE}`);

    expect(response).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('conversation.json') });
    const files = h.slack.files.filter((file) => file.channel === `D${ALICE}`);
    expect(files.map((file) => file.filename).sort()).toEqual(['conversation.json', 'conversation.md']);
  });

  it('delivers the exchange itself in both files', async () => {
    await h.dm({ user: ALICE, text: 'the launch code is 1234' });
    await h.reply(`D${ALICE}`, undefined, 'echo: the launch code is 1234');
    await h.command('/export', ALICE, `D${ALICE}`);

    const json = h.slack.files.find((file) => file.filename === 'conversation.json')!;
    expect(JSON.parse(json.content).messages).toEqual([
      { role: 'user', content: 'the launch code is 1234' },
      { role: 'assistant', content: [{ type: 'text', text: 'echo: the launch code is 1234' }] },
    ]);
    const markdown = h.slack.files.find((file) => file.filename === 'conversation.md')!;
    expect(markdown.content).toContain('the launch code is 1234');
  });

  it("gives another user nothing of someone else's conversation", async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice secret' });
    await h.reply(GENERAL, alices.event.ts);
    const response = await h.command('/export', BOB, GENERAL);

    expect(response.text).toContain("haven't started a conversation");
    expect(h.slack.files).toEqual([]);
  });

  it('in a channel exports the threads the invoker started there, to their DM only', async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice thread' });
    await h.reply(GENERAL, alices.event.ts);
    const bobs = await h.mention({ user: BOB, channel: GENERAL, text: 'bob secret' });
    await h.reply(GENERAL, bobs.event.ts);
    await h.command('/export', ALICE, GENERAL);

    await waitFor(() => h.slack.files.length === 2 && h.slack.files.every((file) => file.channel), 'the shared files');
    expect(new Set(h.slack.files.map((file) => file.channel))).toEqual(new Set([`D${ALICE}`]));
    const contents = h.slack.files.map((file) => file.content).join('\n');
    expect(contents).toContain('alice thread');
    expect(contents).not.toContain('bob secret');
  });

  it('posts nothing where others can see it', async () => {
    const alices = await h.mention({ user: ALICE, channel: GENERAL, text: 'alice thread' });
    await h.reply(GENERAL, alices.event.ts);
    const before = h.slack.messages.length;
    const posts = h.slack.callsTo('chat.postMessage').length;
    await h.command('/export', ALICE, GENERAL);
    expect(h.slack.messages.length).toBe(before);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(posts);
  });
});
