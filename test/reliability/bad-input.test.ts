import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmptyInput, InputTooLong, userMessageFor, type IncomingMessage } from '../../src/core/index.js';
import { tempDir, textsOf } from '../support/core-harness.js';
import { assertValidHistory } from '../support/valid-history.js';
import { dmFrom, failureOf, startGuardedCore, type GuardedCore } from './support.js';

// Text people really send: scripts, emoji sequences, invisible and directional marks, markup left
// by platforms, control characters, and a lot of whitespace.
const READABLE = [
  'Grüße aus Köln — ¿qué tal? Ελληνικά, русский, 日本語, 한국어, עברית, العربية',
  '👩‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 👍🏽 thumbs, 🇯🇵 flag, ❤️ heart',
  'zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffjoiner',
  'right-to-left \u202eevil\u202c and \u2066isolates\u2069',
  'e\u0301 combining accents Z\u0351\u0352\u0353\u0354algo',
  '<@U012AB3CD> said *bold* _italic_ ~strike~ `code` <https://example.com|a link> <#C0123|general> &lt;&amp;&gt;',
  '<@123456789012345678> <#987654321098765432> **bold** __underline__ ||spoiler|| ```js\nconsole.log(1)\n```',
  'control \u0000 nul \u0007 bell \u001b[31m escape \r\n crlf \t tab',
  'quotes " \' ` \\ backslash \\n not-a-newline {"json": true} ${template}',
  `${'\n'.repeat(50)}trailing and leading blank lines${' '.repeat(50)}`,
];

describe('bad and unusual input', () => {
  let core: GuardedCore;
  beforeEach(async () => {
    core = await startGuardedCore({ maxInputChars: 1_000 });
  });
  afterEach(() => core.close());

  it('refuses a message over the limit politely, naming the limit, without asking the model', async () => {
    const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'x'.repeat(1_001)));
    expect(failure).toBeInstanceOf(InputTooLong);
    expect(userMessageFor(failure)).toBe('That message is 1,001 characters; the limit is 1,000. Please shorten it.');
    expect(core.fake.requestCount).toBe(0);
  });

  it('accepts a message exactly at the limit', async () => {
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'x'.repeat(1_000)))).toBeUndefined();
  });

  for (const [name, text] of [
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['zero-width characters only', '\u200b\u200c\u200d\u2060\ufeff'],
  ] as const) {
    it(`answers a ${name} mention with the short help text, without asking the model`, async () => {
      const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, text));
      expect(failure).toBeInstanceOf(EmptyInput);
      expect(userMessageFor(failure)).toMatch(/^Mention me with a question/);
      expect(core.fake.requestCount).toBe(0);
    });
  }

  it('passes Unicode, emoji, invisible characters and platform markup to the model exactly as written', async () => {
    for (const text of READABLE) {
      await core.parley.send(dmFrom({ user: 'U1' }, text));
      expect(textsOf(core.fake.lastRequest().body.messages).at(-1)).toBe(text);
    }
    assertValidHistory(core.fake.lastRequest().body.messages);
  });

  it('replaces a lone UTF-16 surrogate, which is not valid Unicode on the wire, and answers', async () => {
    await core.parley.send(dmFrom({ user: 'U1' }, 'cut emoji \ud83d here and \ude00 there'));
    expect(textsOf(core.fake.lastRequest().body.messages).at(-1)).toBe('cut emoji \ufffd here and \ufffd there');
  });

  it('reports a malformed message through the stream instead of throwing out of the handler', async () => {
    const malformed = [
      { address: dmFrom({ user: 'U1' }, '').address, text: undefined },
      { address: dmFrom({ user: 'U1' }, '').address, text: 42 },
      { address: undefined, text: 'hi' },
      { address: { ...dmFrom({ user: 'U1' }, '').address, userId: '' }, text: 'hi' },
      { address: { platform: 'slack', workspaceId: 'T1', userId: 'U1', audience: 'shared' }, text: 'hi' },
    ] as unknown as IncomingMessage[];
    for (const message of malformed) {
      let iterable: AsyncIterable<unknown> | undefined;
      expect(() => (iterable = core.parley.stream(message))).not.toThrow();
      const outcome = await (async () => {
        for await (const _event of iterable!);
      })().then(
        () => 'finished',
        (error: unknown) => userMessageFor(error),
      );
      expect(typeof outcome).toBe('string');
    }
    // The core still answers afterwards.
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'still there?'))).toBeUndefined();
  });
});

describe('unusual input across a restart', () => {
  it('stores every readable text exactly and sends it back unchanged after a restart', async () => {
    const dir = await tempDir();
    const storeUrl = `sqlite://${dir.path}/unicode.sqlite`;
    try {
      const first = await startGuardedCore({ storeUrl });
      for (const text of READABLE) await first.parley.send(dmFrom({ user: 'U1' }, text));
      await first.close();
      const second = await startGuardedCore({ storeUrl });
      await second.parley.send(dmFrom({ user: 'U1' }, 'and now?'));
      const texts = textsOf(second.fake.lastRequest().body.messages);
      expect(texts.filter((_, i) => i % 2 === 0)).toEqual([...READABLE, 'and now?']);
      assertValidHistory(second.fake.lastRequest().body.messages);
      await second.close();
    } finally {
      await dir.cleanup();
    }
  });
});
