import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jpegBytes, pdfBytes, pngBytes } from '../fakes/sample-files.js';
import { ALICE, BOB, GENERAL, startSlackHarness, tempStore, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;
type Block = { type: string; text?: string; source?: { type: string; media_type: string; data: string }; title?: string };
const blocksOf = (h: SlackHarness, n?: number): Block[] => {
  const request = n === undefined ? h.model.lastRequest() : h.model.requests[n]!;
  const content = request.body.messages.at(-1).content;
  return Array.isArray(content) ? content : [{ type: 'text', text: content }];
};

describe('files and images in Slack', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness({ adapter: { fileLimits: { maxFileBytes: 64 * 1024, maxMessageBytes: 96 * 1024 } } });
  });
  afterEach(() => h.close());

  it('answers a DM holding only an image, sending the exact bytes as an image block', async () => {
    const png = pngBytes(40, 30);
    await h.dm({ user: ALICE, text: '', files: [h.slack.hostFile({ name: 'chart.png', mimetype: 'image/png', data: png })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: [Attached: chart.png'));
    const image = blocksOf(h).find((block) => block.type === 'image')!;
    expect(image.source).toEqual({ type: 'base64', media_type: 'image/png', data: png.toString('base64') });
  });

  it('downloads with the bot token (Slack serves a sign-in page without it)', async () => {
    await h.dm({ user: ALICE, text: 'look', files: [h.slack.hostFile({ name: 'chart.png', mimetype: 'image/png', data: pngBytes(4, 4) })] });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: look'));
    expect(h.slack.hosted[0]!.downloads).toEqual([{ token: h.slack.botToken }]);
  });

  it('turns a PDF into a document block and a text file into text with its name, beside the message text', async () => {
    const pdf = pdfBytes(2);
    const files = [
      h.slack.hostFile({ name: 'report.pdf', mimetype: 'application/pdf', data: pdf }),
      h.slack.hostFile({ name: 'notes.py', mimetype: 'text/x-python', data: 'print("hi")\n' }),
    ];
    await h.dm({ user: ALICE, text: 'compare these', files });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: compare these'));
    const [text, document, code] = blocksOf(h);
    expect(text!.text).toMatch(/^compare these\n\n\[Attached: report\.pdf \(application\/pdf, .*\); notes\.py \(text\/x-python, 12 B\)\]$/);
    expect(document).toEqual({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf.toString('base64') }, title: 'report.pdf' });
    expect(code).toEqual({ type: 'text', text: '<file name="notes.py">\nprint("hi")\n\n</file>' });
  });

  it('answers the rest of the message and names the supported types for a file it cannot read', async () => {
    const files = [h.slack.hostFile({ name: 'archive.zip', mimetype: 'application/zip', data: Buffer.from('PK\u0003\u0004') })];
    await h.dm({ user: ALICE, text: 'what is in here?', files });
    await h.reply(ALICE_DM, undefined, 'echo: what is in here?');
    const notice = await h.reply(ALICE_DM, undefined, (text) => text.startsWith("I can't read archive.zip"));
    expect(notice.text).toBe("I can't read archive.zip (application/zip): I read images (PNG, JPEG, GIF, WebP), PDFs, and plain-text or code files.");
    expect(h.slack.hosted[0]!.downloads).toEqual([]);
  });

  it('refuses a file over MAX_FILE_BYTES without downloading it or calling the model', async () => {
    await h.dm({ user: ALICE, text: '', files: [h.slack.hostFile({ name: 'big.png', mimetype: 'image/png', data: pngBytes(4, 4), size: 200 * 1024 })] });
    const notice = await h.reply(ALICE_DM, undefined, (text) => text.startsWith('big.png'));
    expect(notice.text).toBe('big.png is 200.0 KB; I read files of up to 64.0 KB.');
    await h.settle();
    expect(h.model.requests.map((r) => r.body.messages.at(-1).content)).toEqual(['settle marker 1']);
    expect(h.slack.hosted[0]!.downloads).toEqual([]);
  });

  it('refuses a file whose bytes are not what its name says (a page instead of an image)', async () => {
    await h.dm({ user: ALICE, text: 'see', files: [h.slack.hostFile({ name: 'fake.png', mimetype: 'image/png', data: '<html>not an image</html>' })] });
    await h.reply(ALICE_DM, undefined, 'echo: see');
    await h.reply(ALICE_DM, undefined, 'fake.png is not a PNG, JPEG, GIF or WebP image I can read.');
  });

  it('keeps a mention\u2019s files in its channel thread', async () => {
    const jpeg = jpegBytes(800, 600);
    const mention = await h.mention({ user: BOB, text: 'what is this?', channel: GENERAL, files: [h.slack.hostFile({ name: 'photo.jpg', mimetype: 'image/jpeg', data: jpeg })] });
    await h.reply(GENERAL, mention.event.ts, (text) => text.startsWith('echo: [Bob (U2222)]: what is this?'));
    expect(blocksOf(h).find((block) => block.type === 'image')!.source!.data).toBe(jpeg.toString('base64'));
  });
});

describe('files in later turns', () => {
  it('are sent again on the next turn and survive a restart', async () => {
    const store = await tempStore();
    const h = await startSlackHarness({ storeUrl: store.url });
    try {
      const png = pngBytes(10, 10);
      await h.dm({ user: ALICE, text: 'remember this', files: [h.slack.hostFile({ name: 'a.png', mimetype: 'image/png', data: png })] });
      await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: remember this'));
      await h.restart();
      await h.dm({ user: ALICE, text: 'what did I send?' });
      await h.reply(ALICE_DM, undefined, 'echo: what did I send?');
      const first = h.model.lastRequest().body.messages[0].content;
      expect(first.find((block: Block) => block.type === 'image').source.data).toBe(png.toString('base64'));
    } finally {
      await h.close();
      await store.cleanup();
    }
  });

  it('never reach another conversation\u2019s request', async () => {
    const h = await startSlackHarness();
    try {
      const png = pngBytes(12, 12);
      await h.dm({ user: ALICE, text: 'private', files: [h.slack.hostFile({ name: 'secret.png', mimetype: 'image/png', data: png })] });
      await h.reply(ALICE_DM, undefined, (text) => text.startsWith('echo: private'));
      const thread = await h.dm({ user: ALICE, text: 'new chat' });
      await h.dm({ user: ALICE, text: 'in a thread', threadTs: thread.event.ts });
      await h.reply(ALICE_DM, thread.event.ts, 'echo: in a thread');
      await h.dm({ user: BOB, text: 'hello' });
      await h.reply(`D${BOB}`, undefined, 'echo: hello');
      const carrying = h.model.requests.filter((request) => JSON.stringify(request.body.messages).includes(png.toString('base64')));
      // Alice's first turn and her next top-level message only; not her DM thread, not Bob.
      expect(carrying.map((request) => JSON.stringify(request.body.messages.at(-1).content))).toEqual([expect.stringContaining('private'), expect.stringContaining('new chat')]);
    } finally {
      await h.close();
    }
  });
});
