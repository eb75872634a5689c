import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importWords } from '../../src/commands/import.js';
import { pngBytes } from '../fakes/sample-files.js';
import { ALICE, startSlackHarness, waitFor, type SlackHarness, dmKey } from './harness.js';

const ALICE_DM = `D${ALICE}`;
const TEAM = 'T0001';

describe('files through /export, /reset and import in Slack', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('brings an image back: the next request after the import carries the same image bytes', async () => {
    const png = pngBytes(24, 16);
    await h.dm({ user: ALICE, text: 'keep this chart', files: [h.slack.hostFile({ name: 'chart.png', mimetype: 'image/png', data: png })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: keep this chart'));
    const exported = await h.parley.exportConversation(dmKey(TEAM, ALICE), ALICE);
    expect(exported?.markdown).toContain('chart.png');

    await h.command('/reset', ALICE, ALICE_DM);
    const upload = h.slack.hostFile({ name: 'conversation.json', mimetype: 'application/json', data: exported!.json });
    await h.dm({ user: ALICE, text: 'import', files: [upload] });
    await waitFor(() => h.slack.thread(ALICE_DM, undefined).find((message) => message.text === importWords.done(2, 1)), 'the import answer');

    await h.dm({ user: ALICE, text: 'what was in the chart?' });
    await h.reply(ALICE_DM, undefined, (text) => text.includes('what was in the chart?'));
    const images = h.model.lastRequest().body.messages.flatMap((message: { content: unknown }) =>
      Array.isArray(message.content) ? (message.content as Array<{ type: string; source?: { data: string } }>).filter((block) => block.type === 'image') : [],
    );
    expect(images.map((image: { source?: { data: string } }) => image.source?.data)).toEqual([png.toString('base64')]);
  });
});
