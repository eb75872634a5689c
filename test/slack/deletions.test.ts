import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmDeletedEvent, dmEditedEvent } from '../fakes/slack-events.js';
import { pngBytes } from '../fakes/sample-files.js';
import { ALICE, startSlackHarness, textOf, waitFor, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;
const texts = (h: SlackHarness) => h.model.lastRequest().body.messages.map((m: { content: unknown }) => textOf(m.content));

describe('deleted and edited DM messages', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  const exported = async () => {
    h.slack.files.length = 0;
    await h.command('/export', ALICE, ALICE_DM);
    const json = await waitFor(() => h.slack.files.find((file) => file.filename === 'conversation.json'), 'the export');
    const markdown = h.slack.files.find((file) => file.filename === 'conversation.md')!;
    return { json: json.content, markdown: markdown.content };
  };

  it('a deleted message is gone from the next request and from the export; the reply stays, marked', async () => {
    const secret = await h.dm({ user: ALICE, text: 'my password is hunter2' });
    await h.reply(ALICE_DM, undefined, 'echo: my password is hunter2');
    await h.deliver(dmDeletedEvent(secret));
    await h.settle();
    await h.dm({ user: ALICE, text: 'what did I say?' });
    await h.reply(ALICE_DM, undefined, 'echo: what did I say?');
    expect(texts(h)).toEqual(['(This message was deleted by its author.)', 'echo: my password is hunter2', 'what did I say?']);
    const { json, markdown } = await exported();
    // The echoing reply may stay (it answers a deleted message); no user message keeps the text.
    expect(JSON.parse(json).messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: unknown }) => textOf(m.content))).toEqual(['(This message was deleted by its author.)', 'what did I say?']);
    expect(JSON.parse(json).messages[0]).toEqual({ role: 'user', content: '(This message was deleted by its author.)' });
    expect(markdown).toMatch(/\*\*User\*\*: _\(deleted by its author, .+\)_/);
  });

  it("a deleted message's files leave the history too", async () => {
    const png = pngBytes(8, 8);
    const withImage = await h.dm({ user: ALICE, text: 'see this', files: [h.slack.hostFile({ name: 'a.png', mimetype: 'image/png', data: png })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: see this'));
    await h.deliver(dmDeletedEvent(withImage));
    await h.settle();
    await h.dm({ user: ALICE, text: 'next' });
    await h.reply(ALICE_DM, undefined, 'echo: next');
    expect(JSON.stringify(h.model.lastRequest().body.messages)).not.toContain(png.toString('base64'));
  });

  it('an edited message is sent and exported as edited', async () => {
    const typo = await h.dm({ user: ALICE, text: 'meet at 3pm' });
    await h.reply(ALICE_DM, undefined, 'echo: meet at 3pm');
    await h.deliver(dmEditedEvent(typo, 'meet at 4pm'));
    await h.settle();
    await h.dm({ user: ALICE, text: 'when?' });
    await h.reply(ALICE_DM, undefined, 'echo: when?');
    expect(texts(h)[0]).toBe('meet at 4pm');
    const { markdown } = await exported();
    expect(markdown).toMatch(/\*\*User\*\*: meet at 4pm _\(edited .+\)_/);
  });
});

describe('files in /export and /reset', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('lists each attachment in the Markdown and keeps its block in the JSON', async () => {
    const png = pngBytes(16, 16);
    await h.dm({ user: ALICE, text: 'logo', files: [h.slack.hostFile({ name: 'logo.png', mimetype: 'image/png', data: png })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: logo'));
    await h.command('/export', ALICE, ALICE_DM);
    const markdown = await waitFor(() => h.slack.files.find((file) => file.filename === 'conversation.md'), 'the export');
    expect(markdown.content).toContain(`- attachment: \`logo.png\` (image/png, ${png.length} B)`);
    const json = JSON.parse(h.slack.files.find((file) => file.filename === 'conversation.json')!.content);
    expect(json.messages[0].content[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } });
  });

  it('/reset deletes them with the conversation', async () => {
    const png = pngBytes(16, 16);
    await h.dm({ user: ALICE, text: 'logo', files: [h.slack.hostFile({ name: 'logo.png', mimetype: 'image/png', data: png })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: logo'));
    await h.command('/reset', ALICE, ALICE_DM);
    await h.dm({ user: ALICE, text: 'anything?' });
    await h.reply(ALICE_DM, undefined, 'echo: anything?');
    expect(JSON.stringify(h.model.lastRequest().body.messages)).not.toContain(png.toString('base64'));
    expect(texts(h)).toEqual(['anything?']);
  });
});
