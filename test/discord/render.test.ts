import { describe, expect, it } from 'vitest';
import { DISCORD_MESSAGE_LIMIT, splitMessage } from '../../src/adapters/discord/render.js';

const fences = (text: string) => text.split('\n').filter((line) => /^ {0,3}(`{3,}|~{3,})/.test(line)).length;

describe('splitMessage', () => {
  it('keeps a short text whole', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
    expect(splitMessage('x'.repeat(DISCORD_MESSAGE_LIMIT))).toHaveLength(1);
  });

  it('never returns a piece over the limit', () => {
    const text = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ') + '\n\n' + 'y'.repeat(5000);
    for (const piece of splitMessage(text)) expect(piece.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
  });

  it('cuts at a paragraph break when one is in reach', () => {
    const first = 'a'.repeat(1500);
    const second = 'b'.repeat(1000);
    expect(splitMessage(`${first}\n\n${second}`)).toEqual([first, second]);
  });

  it('cuts at a line break, then at a space, before cutting a word', () => {
    const lines = `${'a'.repeat(1200)}\n${'b'.repeat(1200)}`;
    expect(splitMessage(lines)).toEqual(['a'.repeat(1200), 'b'.repeat(1200)]);
    const words = Array.from({ length: 500 }, () => 'word').join(' ');
    const pieces = splitMessage(words);
    expect(pieces.join(' ')).toBe(words);
    for (const piece of pieces) expect(piece.startsWith('word') && piece.endsWith('word')).toBe(true);
  });

  it('hard-cuts a text without breaks and loses nothing', () => {
    const text = 'z'.repeat(4500);
    const pieces = splitMessage(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(3);
  });

  it('does not split an emoji (surrogate pair) on a hard cut', () => {
    const text = '😀'.repeat(1500);
    for (const piece of splitMessage(text)) expect(piece).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
  });

  it('closes a code block at the cut and reopens it with its language', () => {
    const code = Array.from({ length: 120 }, (_, i) => `  const value${i} = compute(${i}); // line ${i}`).join('\n');
    const text = `Here is the code:\n\n\`\`\`ts\n${code}\n\`\`\`\n\nThat is all.`;
    const pieces = splitMessage(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
      expect(fences(piece) % 2, piece.slice(0, 60)).toBe(0);
    }
    expect(pieces[1]!.startsWith('```ts\n')).toBe(true);
    // Indentation inside the block survives the cut.
    expect(pieces.join('\n')).toContain('\n  const value60 = compute(60);');
  });

  it('closes a longer fence with a fence as long', () => {
    const text = '````md\n' + 'line with ``` inside\n'.repeat(150) + '````';
    for (const piece of splitMessage(text)) {
      expect(piece.length).toBeLessThanOrEqual(DISCORD_MESSAGE_LIMIT);
      expect(piece.startsWith('````md')).toBe(true);
      expect(piece.endsWith('````')).toBe(true);
    }
  });
});
