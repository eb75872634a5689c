import { afterEach, describe, expect, it } from 'vitest';
import { ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { type FakeAnthropic } from '../fakes/anthropic-server.js';
import { textsOf } from '../support/core-harness.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';
import { assertValidHistory } from '../support/valid-history.js';
import { dmFrom, keyOf, failureOf, signal, startGuardedCore, type GuardedCore } from './support.js';

describe('model faults (core)', () => {
  let core: GuardedCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('gives up on a request that never answers after the timeout and its retries, and keeps the history', async () => {
    core = await startGuardedCore({ maxRetries: 1, timeoutMs: 1_000 });
    await core.parley.send(dmFrom({ user: 'U1' }, 'before'));
    const requestsBefore = core.fake.requestCount;
    core.fake.reply({ hang: true }, { hang: true });
    const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'into the void'));
    expect(failure).toBeInstanceOf(ModelUnavailable);
    expect(userMessageFor(failure)).toMatch(/Nothing was lost: please send that again/);
    expect(core.fake.requestCount - requestsBefore).toBe(2); // the request and its one retry
    expect((await core.store.readHead(keyOf(dmFrom({ user: 'U1' }, ''))))?.turns).toBe(1);
    await core.parley.send(dmFrom({ user: 'U1' }, 'into the void'));
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['before', 'echo: before', 'into the void']);
  });

  for (const status of [429, 500, 529]) {
    it(`stops after MODEL_MAX_RETRIES retries of a ${status}, stores nothing, and the turn can be sent again`, async () => {
      core = await startGuardedCore({ maxRetries: 2 });
      const overloaded = { error: { status, retryAfterSeconds: 0 } };
      core.fake.reply(overloaded, overloaded, overloaded);
      const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'hello'));
      expect(failure).toBeInstanceOf(ModelUnavailable);
      expect(core.fake.requestCount).toBe(3);
      expect(await core.store.readHead(keyOf(dmFrom({ user: 'U1' }, '')))).toBeUndefined();
      await core.parley.send(dmFrom({ user: 'U1' }, 'hello'));
      expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['hello']);
    });
  }

  it('waits as long as retry-after says before retrying', async () => {
    core = await startGuardedCore({ maxRetries: 1 });
    const arrivals: number[] = [];
    const timed = (reply: Parameters<FakeAnthropic['reply']>[0]) => () => (arrivals.push(Date.now()), reply);
    core.fake.reply(timed({ error: { status: 429, retryAfterSeconds: 1 } }), timed({ text: 'finally' }));
    expect((await core.parley.send(dmFrom({ user: 'U1' }, 'hi'))).text).toBe('finally');
    // A lower bound only: the SDK must not retry before the server said it may.
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(950);
  });

  it('keeps the history valid when the stream drops in the middle of a tool turn', async () => {
    core = await startGuardedCore();
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '2+2' } }] }, { dropMidStream: { text: 'The answer is four' } });
    // The text shown before the drop is kept with a note, after the whole tool round.
    const cut = await core.parley.send(dmFrom({ user: 'U1' }, 'what is 2+2?'));
    expect(cut.text).toMatch(/^The answe\n\n\(My answer was cut off here: the connection to Claude broke/);
    await core.parley.send(dmFrom({ user: 'U1' }, 'and 3+3?'));
    assertValidHistory(core.fake.lastRequest().body.messages);
    const sent = core.fake.lastRequest().body.messages as Array<{ role: string; content: unknown }>;
    expect(sent.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(sent[3]!.content).toEqual([{ type: 'text', text: 'The answe' }, { type: 'text', text: cut.text.slice('The answe'.length) }]);
  });

  it('counts the failure by its code', async () => {
    core = await startGuardedCore();
    core.fake.reply({ error: { status: 529 } });
    await failureOf(core.parley, dmFrom({ user: 'U1' }, 'hello'));
    expect(core.metrics.snapshot()).toMatchObject({ errors: 1, 'errors.model_unavailable': 1 });
  });
});

describe('model faults (spawned terminal chat)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();

  it('tells the user in one readable line after retries run out, keeps running, and answers the resend', async () => {
    const exhausted = signal();
    const overloaded = { error: { status: 529, retryAfterSeconds: 0 } };
    fixture.fake.reply(overloaded, () => (exhausted.resolve(), overloaded));
    const chat = spawnParley(
      { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/faults.sqlite`, MODEL_MAX_RETRIES: '1' },
      fixture.dir,
    );
    chat.writeLine('are you there?');
    await exhausted.promise;
    await chat.waitFor(/Claude isn't answering right now \(busy or unreachable\)\. Nothing was lost: please send that again in a moment\./);
    chat.writeLine('are you there?');
    await chat.waitFor(/echo: are you there\?/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    expect(chat.stdout()).not.toMatch(/\n\s+at /);
    assertValidHistory(fixture.fake.lastRequest().body.messages);
  });
});
