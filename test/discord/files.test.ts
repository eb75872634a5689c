import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pdfBytes, pngBytes } from '../fakes/sample-files.js';
import { startDiscordHarness, tempSqliteUrl, world, type DiscordHarness } from './harness.js';

type Block = { type: string; text?: string; source?: { media_type: string; data: string }; title?: string };
const lastUserBlocks = (h: DiscordHarness): Block[] => {
  const content = h.anthropic.lastRequest().body.messages.at(-1).content;
  return Array.isArray(content) ? content : [{ type: 'text', text: content }];
};

describe('attachments in Discord', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscordHarness({ adapter: { fileLimits: { maxFileBytes: 64 * 1024, maxMessageBytes: 96 * 1024 } } });
  });
  afterEach(() => h.close());

  it('answers a DM holding only an image, with the exact bytes in an image block', async () => {
    const png = pngBytes(20, 20);
    const reply = await h.ask({ from: world.alice, in: { dm: true }, content: '', attachments: [h.rest.hostAttachment({ name: 'cat.png', contentType: 'image/png', data: png })] });
    expect(reply.text).toMatch(/^echo: \[Attached: cat\.png/);
    expect(lastUserBlocks(h).find((block) => block.type === 'image')!.source).toEqual({ type: 'base64', media_type: 'image/png', data: png.toString('base64') });
  });

  it('reads a PDF as a document and a code file (typed application/octet-stream by Discord) as text, beside the words', async () => {
    const attachments = [
      h.rest.hostAttachment({ name: 'spec.pdf', contentType: 'application/pdf', data: pdfBytes(3) }),
      h.rest.hostAttachment({ name: 'main.rs', contentType: null, data: 'fn main() {}' }),
    ];
    await h.ask({ from: world.bob, in: { channel: world.general }, content: 'review these', attachments });
    const [, document, code] = lastUserBlocks(h);
    expect(document).toMatchObject({ type: 'document', title: 'spec.pdf', source: { media_type: 'application/pdf' } });
    expect(code).toEqual({ type: 'text', text: '<file name="main.rs">\nfn main() {}\n</file>' });
  });

  it('names the supported types for a file it cannot read and answers the rest', async () => {
    const messageId = h.send({ from: world.alice, in: { dm: true }, content: 'and this?', attachments: [h.rest.hostAttachment({ name: 'song.mp3', contentType: 'audio/mpeg', data: 'ID3' })] });
    await h.handled(messageId);
    const texts = [...h.rest.messages.values()].filter((m) => m.message_reference?.message_id === messageId).map((m) => m.content);
    expect(texts).toEqual(["I can't read song.mp3 (audio/mpeg): I read images (PNG, JPEG, GIF, WebP), PDFs, and plain-text or code files.", 'echo: and this?']);
  });

  it('refuses a file over MAX_FILE_BYTES without downloading it or calling the model', async () => {
    const attachment = h.rest.hostAttachment({ name: 'huge.pdf', contentType: 'application/pdf', data: pdfBytes(1), size: 5 * 1024 * 1024 });
    const messageId = h.send({ from: world.alice, in: { dm: true }, content: '', attachments: [attachment] });
    await h.handled(messageId);
    const replies = [...h.rest.messages.values()].filter((m) => m.message_reference?.message_id === messageId);
    expect(replies.map((m) => m.content)).toEqual(['huge.pdf is 5.0 MB; I read files of up to 64.0 KB.']);
    expect(h.anthropic.requests).toEqual([]);
    expect(h.rest.attachments.get(attachment.id)!.downloads).toBe(0);
  });

  it('says so when the attachment URL has already expired', async () => {
    const expired = h.rest.hostAttachment({ name: 'old.png', contentType: 'image/png', data: pngBytes(2, 2), expiresInSeconds: -60 });
    const messageId = h.send({ from: world.alice, in: { dm: true }, content: 'look', attachments: [expired] });
    await h.handled(messageId);
    const texts = [...h.rest.messages.values()].filter((m) => m.message_reference?.message_id === messageId).map((m) => m.content);
    expect(texts).toEqual(["I couldn't download old.png (the server answered 404).", 'echo: look']);
  });
});

describe('attachments later', () => {
  it('are sent again from the store after a restart, when the CDN link has long expired', async () => {
    const store = await tempSqliteUrl();
    const h = await startDiscordHarness({ storeUrl: store.url });
    try {
      const png = pngBytes(9, 9);
      await h.ask({ from: world.alice, in: { dm: true }, content: 'keep', attachments: [h.rest.hostAttachment({ name: 'k.png', contentType: 'image/png', data: png })] });
      h.rest.attachments.clear();
      await h.restart();
      await h.ask({ from: world.alice, in: { dm: true }, content: 'still there?' });
      expect(JSON.stringify(h.anthropic.lastRequest().body.messages[0])).toContain(png.toString('base64'));
      await h.ask({ from: world.bob, in: { dm: true }, content: 'mine?' });
      expect(JSON.stringify(h.anthropic.lastRequest().body.messages)).not.toContain(png.toString('base64'));
    } finally {
      await h.close();
      await store.cleanup();
    }
  });
});
