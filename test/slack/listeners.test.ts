// exactly(): the one pattern Bolt matches event types and slash command names against.
import { describe, expect, it } from 'vitest';
import { exactly } from '../../src/adapters/slack/listeners.js';

describe('exactly', () => {
  it('matches each name whole and nothing else', () => {
    const pattern = exactly(['/reset', '/export', 'app_mention']);
    for (const name of ['/reset', '/export', 'app_mention']) expect(pattern.test(name)).toBe(true);
    for (const name of ['/resets', 'x/reset', '/RESET', 'app_mention_x', '', '/reset|/export']) expect(pattern.test(name)).toBe(false);
  });

  it('reads RegExp syntax in a name literally', () => {
    const pattern = exactly(['a.b', 'c+', '(d)']);
    expect(pattern.test('a.b')).toBe(true);
    expect(pattern.test('axb')).toBe(false);
    expect(pattern.test('c+')).toBe(true);
    expect(pattern.test('cc')).toBe(false);
    expect(pattern.test('(d)')).toBe(true);
    expect(pattern.test('d')).toBe(false);
  });
});
