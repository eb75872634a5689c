import { describe, expect, it } from 'vitest';
import { turnProblems } from '../../src/core/history-rules.js';
import { ImportRejected, parseExport, type ModelMessage } from '../../src/core/index.js';

const doc = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'parley.conversation', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', messages, ...extra });
const reasonFor = (text: string) => {
  try {
    parseExport(text);
  } catch (error) {
    if (error instanceof ImportRejected) return error.reason;
    throw error;
  }
  return 'accepted';
};
const hi = { role: 'user', content: 'hi' };
const ok = { role: 'assistant', content: [{ type: 'text', text: 'ok' }] };

describe('an export handed to /import', () => {
  it('is accepted when it is a whole conversation, tool rounds included', () => {
    const messages = [
      hi,
      { role: 'assistant', content: [{ type: 'text', text: 'one moment' }, { type: 'tool_use', id: 't1', name: 'calculator', input: { expression: '1+1' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '2' }] },
      ok,
    ];
    expect(parseExport(doc(messages))).toEqual(messages);
  });

  it('is accepted in the bare-array form exports had before version 1', () => {
    expect(parseExport(JSON.stringify([hi, ok]))).toEqual([hi, ok]);
  });

  it.each([
    ['not JSON', '{"messages": [', /^it is not JSON/],
    ['another format', JSON.stringify({ format: 'other', messages: [] }), /^it is not a Parley export/],
    ['a newer version', doc([hi, ok], { version: 2 }), 'it is export version 2, and this Parley reads version 1'],
    ['no messages', doc([]), 'it holds no messages'],
    ['a system role', doc([{ role: 'system', content: 'x' }, ok]), 'message 1: role "system" (only "user" and "assistant")'],
    ['an assistant first', doc([ok, hi, ok]), 'message 1: the conversation starts with the assistant; it must start with the user'],
    ['two user messages in a row', doc([hi, hi, ok]), 'message 2: a second user message in a row'],
    ['empty text', doc([hi, { role: 'assistant', content: '  ' }]), 'message 2: empty text'],
    ['an empty text block', doc([hi, { role: 'assistant', content: [{ type: 'text', text: '' }] }]), 'message 2: an empty text block'],
    ['no content blocks', doc([hi, { role: 'assistant', content: [] }]), 'message 2: no content blocks'],
    ['a tool_use in a user message', doc([{ role: 'user', content: [{ type: 'tool_use', id: 'x', name: 'n', input: {} }] }, ok]), 'message 1: a tool_use block, which user messages cannot hold here'],
    ['a tool_result answering nothing', doc([hi, ok, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'zz', content: '1' }] }, ok]), 'message 3: a tool_result for zz, which answers no tool_use of message 2'],
    ['an unanswered question at the end', doc([hi, ok, hi]), 'message 3: the conversation ends with a user message that has no answer'],
  ])('is refused for %s, naming what and where', (_case, text, reason) => {
    if (typeof reason === 'string') expect(reasonFor(text)).toBe(reason);
    else expect(reasonFor(text)).toMatch(reason);
  });

  it('is refused by the same rules every commit obeys, in the same words', () => {
    const broken: ModelMessage[][] = [
      [hi, { role: 'assistant', content: [{ type: 'text', text: ' ' }] }] as ModelMessage[],
      [hi, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'calculator', input: {} }] }, hi, ok] as ModelMessage[],
      [hi, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'calculator', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '1' }] }, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'calculator', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '1' }] }, ok] as ModelMessage[],
    ];
    for (const messages of broken) {
      const [rule] = turnProblems(messages);
      expect(rule).toMatch(/^message \d+: /);
      expect(reasonFor(doc(messages))).toBe(rule);
    }
  });

  it('is refused past the message limit', () => {
    const messages = Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? hi : ok));
    expect(() => parseExport(doc(messages), 4)).toThrow('it holds 6 messages; the most I import is 4');
  });
});
