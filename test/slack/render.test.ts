import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeOpenFence, markdownMessage, openFence, previewOf, splitMarkdown } from '../../src/adapters/slack/render.js';

const fenceCount = (text: string) => text.split('\n').filter((line) => /^ {0,3}(```|~~~)/.test(line)).length;

describe('splitMarkdown', () => {
  it('keeps a short answer as one message', () => {
    expect(splitMarkdown('Hello **world**.', 100)).toEqual(['Hello **world**.']);
  });

  it('returns nothing for an empty answer', () => {
    expect(splitMarkdown('  \n\n ', 100)).toEqual([]);
  });

  it('cuts at a paragraph boundary', () => {
    const a = 'a'.repeat(60);
    const b = 'b'.repeat(60);
    expect(splitMarkdown(`${a}\n\n${b}`, 100)).toEqual([a, b]);
  });

  it('prefers a paragraph boundary to a later line break', () => {
    const text = `${'a'.repeat(55)}\n\n${'b'.repeat(20)}\n${'c'.repeat(40)}`;
    expect(splitMarkdown(text, 100)[0]).toBe('a'.repeat(55));
  });

  it('cuts at a line break when no paragraph boundary is late enough', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const chunks = splitMarkdown(lines.join('\n'), 100);
    expect(chunks.join('\n')).toBe(lines.join('\n'));
    for (const chunk of chunks) expect(chunk.split('\n').every((line) => lines.includes(line))).toBe(true);
  });

  it('closes a code block at the cut and reopens it with its language', () => {
    const code = ['```ts', ...Array.from({ length: 20 }, (_, i) => `const v${i} = ${i};`), '```'].join('\n');
    const chunks = splitMarkdown(code, 120);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(fenceCount(chunk) % 2).toBe(0);
      expect(chunk.length).toBeLessThanOrEqual(120);
    }
    expect(chunks[0]!.endsWith('\n```')).toBe(true);
    expect(chunks[1]!.startsWith('```ts\n')).toBe(true);
  });

  it('handles tilde fences and longer backtick fences', () => {
    const code = ['~~~~', ...Array.from({ length: 20 }, (_, i) => `row ${i} ${'-'.repeat(10)}`), '~~~~'].join('\n');
    const chunks = splitMarkdown(code, 100);
    expect(chunks[0]!.endsWith('\n~~~~')).toBe(true);
    expect(chunks[1]!.startsWith('~~~~\n')).toBe(true);
  });

  it('cuts one very long line at a space', () => {
    const words = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const chunks = splitMarkdown(words, 100);
    expect(chunks.join(' ')).toBe(words);
  });

  it('never cuts an emoji in half', () => {
    const text = '😀'.repeat(100);
    const chunks = splitMarkdown(text, 51);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('keeps every message within the limit, with fences balanced in all but an unclosed last one, for any prose and code', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 80 }).map((s) => s.replace(/[\n`~]/g, '')),
      fc.constantFrom('', '```', '```js', '~~~', '# Heading', '- item', '    indented code'),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 60, max: 400 }), (lines, limit) => {
        const text = lines.join('\n');
        const chunks = splitMarkdown(text, limit);
        for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(limit);
        for (const chunk of chunks.slice(0, -1)) expect(openFence(chunk)).toBeUndefined();
        // The model's own unclosed fence stays unclosed; the splitter adds no imbalance of its own.
        if (chunks.length > 0) expect(openFence(chunks.at(-1)!) === undefined).toBe(openFence(text) === undefined);
      }),
      { numRuns: 300 },
    );
  });
});

describe('previews of a growing answer', () => {
  it('close a code block that is still open', () => {
    expect(closeOpenFence('text\n```py\nprint(1)')).toBe('text\n```py\nprint(1)\n```');
  });

  it('leave balanced text alone', () => {
    expect(closeOpenFence('a\n```\nb\n```\nc')).toBe('a\n```\nb\n```\nc');
  });

  it('fit the block limit with a marker that more is coming', () => {
    const preview = previewOf('x'.repeat(500), 100);
    expect(preview.length).toBeLessThanOrEqual(100);
    expect(preview.endsWith('…')).toBe(true);
  });
});

describe('markdownMessage', () => {
  it('sends CommonMark in a markdown block with the same text as fallback', () => {
    expect(markdownMessage('**hi**')).toEqual({ text: '**hi**', blocks: [{ type: 'markdown', text: '**hi**' }] });
  });
});
