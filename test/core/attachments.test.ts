import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../src/core/token-estimate.js';
import { historyWithinFileBudget } from '../../src/core/file-budget.js';
import { readAttachment } from '../../src/core/attachments.js';
import { WindowCache } from '../../src/core/window-cache.js';
import type { ModelMessage, StoredTurn } from '../../src/core/index.js';
import { jpegBytes, pdfBytes, pngOfSize } from '../fakes/sample-files.js';

const imageMessage = (data: Buffer): ModelMessage => ({ role: 'user', content: [{ type: 'text', text: 'look' }, readAttachment({ name: 'a.png', mediaType: 'image/png', data }).block] });
const turn = (index: number, fileBytes: number, messages: ModelMessage[]): StoredTurn => ({
  index,
  at: '',
  authorId: 'u',
  messages,
  usage: { inputTokens: 0, outputTokens: 0 },
  tokens: 10,
  ...(fileBytes ? { fileBytes } : {}),
});

describe('what files cost in the context window', () => {
  it('counts an image by its pixels, as the API does, not by its base64 length', () => {
    const png = pngOfSize(1024 * 1024);
    const tokens = estimateTokens([imageMessage(png)]);
    expect(tokens).toBeGreaterThan(400);
    expect(tokens).toBeLessThan(600);
  });

  it('counts a large photo at the scaled-down size (about 1,600 tokens at most)', () => {
    const message: ModelMessage = { role: 'user', content: [readAttachment({ name: 'p.jpg', mediaType: 'image/jpeg', data: jpegBytes(4032, 3024) }).block] };
    expect(estimateTokens([message])).toBeGreaterThan(1_500);
    expect(estimateTokens([message])).toBeLessThan(1_650);
  });

  it('counts a PDF by its pages', () => {
    const pages = (n: number): ModelMessage => ({ role: 'user', content: [readAttachment({ name: 'r.pdf', mediaType: 'application/pdf', data: pdfBytes(n) }).block] });
    expect(estimateTokens([pages(4)]) - estimateTokens([pages(1)])).toBeGreaterThanOrEqual(9_000);
  });
});

describe('the request file budget', () => {
  it('replaces the oldest turns\u2019 files by a note once newer files fill it, keeping every word', () => {
    const old = imageMessage(pngOfSize(1000));
    const recent = imageMessage(pngOfSize(1000));
    const size = (m: ModelMessage) => JSON.stringify(m).length;
    const messages = historyWithinFileBudget([turn(0, size(old), [old]), turn(1, size(recent), [recent])], 0, size(recent) + 10);
    expect(JSON.stringify(messages[1])).toBe(JSON.stringify(recent));
    expect(messages[0]!.content).toEqual([{ type: 'text', text: 'look' }, { type: 'text', text: expect.stringContaining('no longer sent') }]);
  });
});

describe('the window cache with files', () => {
  it('evicts the least recently used windows once their files pass the budget', () => {
    const cache = new WindowCache(10, 100);
    cache.set('a', { head: undefined, turns: [turn(0, 60, [])] });
    cache.set('b', { head: undefined, turns: [turn(0, 60, [])] });
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
    cache.set('c', { head: undefined, turns: [turn(0, 500, [])] });
    expect(cache.get('c')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
