import { afterEach, describe, expect, it } from 'vitest';
import { ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { dm, dmKey, startCore, type CoreHarness, type CoreHarnessOptions } from '../support/core-harness.js';
import { seeTurn, storedTurns } from '../support/turns.js';
import { assertValidHistory } from '../support/valid-history.js';

// Each test ends only if the bound works: a stream that is never aborted would hold the test until
// vitest's own timeout (undici's body timeout is 300 s). No figure here is a performance threshold.
const key = dmKey('bob');
const ask = (text: string) => ({ address: dm('bob'), text });

let core: CoreHarness;
const start = async (options: CoreHarnessOptions) => (core = await startCore(options));
afterEach(() => core.close());

describe('a stream that stalls after its headers', () => {
  it('is aborted after MODEL_STREAM_IDLE_MS of silence, stores nothing, and frees the conversation', async () => {
    await start({ streamIdleMs: 500, timeoutMs: 60_000 });
    core.fake.reply({ stallAfterHeaders: true });
    const stalled = seeTurn(core.parley, ask('hello?'));
    const queued = seeTurn(core.parley, ask('still there?'));
    const turn = await stalled;
    expect(turn.error).toBeInstanceOf(ModelUnavailable);
    expect(userMessageFor(turn.error)).toMatch(/send that again/);
    const next = await queued;
    expect(next.error).toBeUndefined();
    expect(next.shown).toBe('echo: still there?');
    expect((await storedTurns(core, key)).map((stored) => stored.messages[0]!.content)).toEqual(['still there?']);
  });

  it('is retried under the same policy as a 529 when nothing was shown yet', async () => {
    await start({ streamIdleMs: 500, timeoutMs: 60_000, maxRetries: 1 });
    core.fake.reply({ stallAfterHeaders: true });
    const turn = await seeTurn(core.parley, ask('hello?'));
    expect(turn.shown).toBe('echo: hello?');
    expect(core.fake.requestCount).toBe(2);
  });

  it('keeps the text already shown, with a note, when it stalls mid-answer', async () => {
    await start({ streamIdleMs: 500, timeoutMs: 60_000, maxRetries: 1 });
    core.fake.reply({ stallAfterHeaders: true, text: 'Half of my answer' });
    const turn = await seeTurn(core.parley, ask('tell me'));
    expect(turn.shown).toBe('Half of my answer\n\n(My answer was cut off here: Claude stopped responding. Ask me to continue.)');
    expect(core.fake.requestCount).toBe(1);
    const [stored] = await storedTurns(core, key);
    expect(stored!.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Half of my answer' }, { type: 'text', text: '\n\n(My answer was cut off here: Claude stopped responding. Ask me to continue.)' }],
    });
    await seeTurn(core.parley, ask('go on'));
    expect(core.fake.rejections).toEqual([]);
    assertValidHistory(core.fake.lastRequest().body.messages);
  });
});

describe('a stream that trickles', () => {
  it('is cut at MODEL_TIMEOUT_MS even though it never falls silent for long, and keeps what was shown', async () => {
    await start({ streamIdleMs: 30_000, timeoutMs: 2_000 });
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    core.fake.reply({ trickle: { text: words, everyMs: 100 } });
    const turn = await seeTurn(core.parley, ask('a long one'));
    expect(turn.shown).toMatch(/^w0 w1 .*\n\n\(My answer was cut off here: Claude took too long\. Ask me to continue\.\)$/s);
    expect(turn.shown).not.toContain('w59');
    const [stored] = await storedTurns(core, key);
    expect(stored!.messages[1]!.content).toEqual([
      { type: 'text', text: turn.shown.split('\n\n')[0] },
      { type: 'text', text: '\n\n(My answer was cut off here: Claude took too long. Ask me to continue.)' },
    ]);
  });

  it('bounds a request that never sends headers by MODEL_TIMEOUT_MS per attempt', async () => {
    await start({ timeoutMs: 300, maxRetries: 1 });
    core.fake.reply({ hang: true }, { hang: true });
    const turn = await seeTurn(core.parley, ask('anyone?'));
    expect(turn.error).toBeInstanceOf(ModelUnavailable);
    expect(core.fake.requestCount).toBe(2);
  });
});
