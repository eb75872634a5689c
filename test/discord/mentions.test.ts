import { describe, expect, it } from 'vitest';
import { readableText, type MentionNames } from '../../src/adapters/discord/mentions.js';

const names: MentionNames = {
  user: (id) => ({ '2': 'Bob' })[id],
  channel: (id) => ({ '3': 'general' })[id],
  role: (id) => ({ '4': 'engineers' })[id],
};

describe('readableText', () => {
  it("removes the bot's mention in either form", () => {
    expect(readableText('<@1> hello', '1', names)).toBe('hello');
    expect(readableText('hi <@!1> there', '1', names)).toBe('hi there');
    expect(readableText('<@1>', '1', names)).toBe('');
  });

  it('turns other mentions into names when they are known, and leaves unknown ones', () => {
    expect(readableText('<@1> ask <@2> in <#3> with <@&4>', '1', names)).toBe('ask @Bob in #general with @engineers');
    expect(readableText('<@1> ask <@99> in <#98>', '1', names)).toBe('ask <@99> in <#98>');
  });

  it('keeps indentation and odd input intact', () => {
    expect(readableText('<@1> ```\n    indented\n```', '1', names)).toBe('```\n    indented\n```');
    expect(readableText('<@> <#> <@&> <@1', '1', names)).toBe('<@> <#> <@&> <@1');
  });

  it('survives a name lookup that throws', () => {
    const broken: MentionNames = { user: () => { throw new Error('x'); }, channel: () => undefined, role: () => undefined };
    expect(readableText('<@1> hi <@2>', '1', broken)).toBe('hi <@2>');
  });
});
