import { describe, expect, it } from 'vitest';
import { mentionedUserIds, toPlainText } from '../../src/adapters/slack/markup.js';

const BOT = 'UBOT';
const names: Record<string, string> = { U2222: 'Bob' };
const plain = (text: string) => toPlainText(text, { botUserId: BOT, nameOf: (id) => names[id] });

describe('incoming Slack markup', () => {
  it("drops the bot's own mention", () => {
    expect(plain('<@UBOT> what is 2+2?')).toBe('what is 2+2?');
  });

  it("drops the bot's mention in the middle of a sentence without leaving a double space", () => {
    expect(plain('hey <@UBOT> what is up')).toBe('hey what is up');
  });

  it('drops the separator after a leading mention', () => {
    expect(plain('<@UBOT>, summarise this')).toBe('summarise this');
  });

  it('names other mentioned people', () => {
    expect(plain('<@UBOT> ask <@U2222> and <@U9999>')).toBe('ask @Bob and @U9999');
  });

  it('keeps a label given inside a mention', () => {
    expect(plain('<@U7777|carol> hi')).toBe('@carol hi');
  });

  it('renders links as label (url)', () => {
    expect(plain('see <https://example.com/a?b=1&amp;c=2|the docs>')).toBe('see the docs (https://example.com/a?b=1&c=2)');
  });

  it('renders bare links and mailto links as their address', () => {
    expect(plain('<https://example.com> or <mailto:a@b.co|a@b.co>')).toBe('https://example.com or a@b.co');
  });

  it('renders channels, groups and broadcasts readably', () => {
    expect(plain('<#C123|general> <#C456> <!here> <!subteam^S1|@devs> <!date^1392734382^{date}|Feb 18, 2014>')).toBe('#general #C456 @here @devs Feb 18, 2014');
  });

  it('decodes the escaped characters people typed', () => {
    expect(plain('1 &lt; 2 &amp;&amp; 3 &gt; 2')).toBe('1 < 2 && 3 > 2');
  });

  it('keeps emoji, including joined sequences, and drops zero-width spaces', () => {
    expect(plain('<@UBOT> 👨‍👩‍👧 fam\u200Bily :tada: 🎉')).toBe('👨‍👩‍👧 family :tada: 🎉');
  });

  it('survives odd or broken markup', () => {
    for (const odd of ['<', '>', '<>', '<<@UBOT>>', '<@>', '<|>', '<!>', '<#|x>', 'a <b', '\u0000', '<@UBOT']) {
      expect(() => plain(odd)).not.toThrow();
    }
    expect(plain('<>')).toBe('');
  });

  it('lists the people mentioned, once each', () => {
    expect(mentionedUserIds('<@U1> <@W2|x> <@U1> <#C1>')).toEqual(['U1', 'W2']);
  });
});
