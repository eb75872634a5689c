import { afterEach, describe, expect, it } from 'vitest';
import { MessageTooLarge, userMessageFor } from '../../src/core/index.js';
import { requestTokens } from '../fakes/anthropic/tokens.js';
import { dm, dmKey, startCore, textsOf, type CoreHarness, type CoreHarnessOptions } from '../support/core-harness.js';
import { seeTurn, storedTurns } from '../support/turns.js';
import { assertValidHistory } from '../support/valid-history.js';

// A small window so that a conversation passes it in a few turns; the fake refuses any request beyond
// it with the API's own `prompt is too long`, counting CJK and emoji as the real tokenizer roughly does.
const WINDOW = 6_000;
const key = dmKey('mei');
const ask = (text: string) => ({ address: dm('mei'), text });

let core: CoreHarness;
async function start(options: CoreHarnessOptions = {}): Promise<CoreHarness> {
  core = await startCore({ contextTokens: WINDOW, historyTokenBudget: 1_000_000, ...options });
  core.fake.contextWindow = WINDOW;
  return core;
}
afterEach(() => core.close());

async function converse(messages: string[]): Promise<void> {
  for (const text of messages) {
    const turn = await seeTurn(core.parley, ask(text));
    expect(turn.error).toBeUndefined();
    expect(turn.shown).toBe(`echo: ${text}`.trimEnd());
  }
}

describe('a long conversation never exceeds the context window', () => {
  it('answers every turn of a Chinese conversation far longer than the window', async () => {
    await start();
    const paragraph = '我们今天讨论一下这个项目的进度和下一步的计划，请大家准备好自己的材料。'.repeat(12);
    await converse(Array.from({ length: 30 }, (_, i) => `第${i}段：${paragraph}`));
    expect(core.fake.rejections).toEqual([]);
    const sent = core.fake.lastRequest().body.messages;
    expect(sent.length).toBeGreaterThan(1);
    assertValidHistory(sent);
    expect(await storedTurns(core, key)).toHaveLength(30);
  });

  it('answers every turn of an emoji conversation far longer than the window', async () => {
    await start();
    await converse(Array.from({ length: 30 }, (_, i) => `${i} ${'😀🎉👍🏽❤️‍🔥'.repeat(60)}`));
    expect(core.fake.rejections).toEqual([]);
    expect(core.fake.lastRequest().body.messages.length).toBeGreaterThan(1);
  });

  it('keeps HISTORY_TOKEN_BUDGET from pushing a request past the window less MAX_TOKENS', async () => {
    await start({ maxTokens: 2_000 });
    await converse(Array.from({ length: 12 }, (_, i) => `${i}: ${'long english words in a row '.repeat(40)}`));
    for (const request of core.fake.requests) expect(requestTokens(request.body) + 2_000).toBeLessThanOrEqual(WINDOW);
    expect(core.fake.rejections).toEqual([]);
  });
});

describe('turn sizes', () => {
  it('stores each turn with the size the API counted, not an estimate', async () => {
    await start();
    await converse(['你好'.repeat(200), '再见'.repeat(200)]);
    const [, second] = await storedTurns(core, key);
    expect(second!.tokensMeasured).toBe(true);
    // The API's count of the turn's two messages; the stored size adds only the estimate's margin on the new message.
    const counted = requestTokens({ messages: second!.messages });
    expect(second!.tokens).toBeGreaterThanOrEqual(counted);
    expect(second!.tokens).toBeLessThan(counted * 1.5);
  });
});

describe('a turn bigger than the history budget', () => {
  it('is still sent as the newest turn rather than leaving the history empty', async () => {
    await start({ historyTokenBudget: 300 });
    await converse(['short question', `a long one: ${'many words here '.repeat(150)}`, 'and now?']);
    expect(textsOf(core.fake.lastRequest().body.messages).map((text) => text.slice(0, 11))).toEqual(['a long one:', 'echo: a lon', 'and now?']);
  });
});

describe('a message that cannot fit the window on its own', () => {
  it('is refused with how long a message may be, and nothing is sent or stored', async () => {
    await start();
    const failure = (await seeTurn(core.parley, ask('长'.repeat(9_000)))).error;
    expect(failure).toBeInstanceOf(MessageTooLarge);
    expect(userMessageFor(failure)).toMatch(/one message can be about [\d,]+ characters of English or [\d,]+ of Chinese, Japanese or Korean\. Nothing was saved/);
    expect(core.fake.requestCount).toBe(0);
    expect(await core.store.readHead(key)).toBeUndefined();
  });
});

describe('prompt is too long', () => {
  it('is recovered by dropping the oldest turns and retrying once; the person never sees it', async () => {
    // The core believes the window is larger than the API's: every request near the top is refused.
    await start({ contextTokens: WINDOW * 2 });
    const paragraph = 'the quick brown fox jumps over the lazy dog and keeps running. '.repeat(20);
    await converse(Array.from({ length: 16 }, (_, i) => `${i}: ${paragraph}`));
    expect(core.fake.rejections.some((text) => text.startsWith('prompt is too long') || text.startsWith('input length'))).toBe(true);
    expect(await storedTurns(core, key)).toHaveLength(16);
    assertValidHistory(core.fake.lastRequest().body.messages);
  });
});
