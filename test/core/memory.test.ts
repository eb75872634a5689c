import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dmKey, startCore, textsOf, type CoreHarness } from '../support/core-harness.js';

describe('conversation memory', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  it('answers with the model reply', async () => {
    const result = await core.parley.send({ key: dmKey('alice'), text: 'hello', author: { id: 'alice' } });
    expect(result.text).toBe('echo: hello');
  });

  it('sends the earlier exchange with the next message', async () => {
    await core.parley.send({ key: dmKey('alice'), text: 'my name is Alice', author: { id: 'alice' } });
    await core.parley.send({ key: dmKey('alice'), text: 'what is my name?', author: { id: 'alice' } });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['my name is Alice', 'echo: my name is Alice', 'what is my name?']);
  });

  it('keeps two conversations apart', async () => {
    await core.parley.send({ key: dmKey('alice'), text: 'secret of alice', author: { id: 'alice' } });
    await core.parley.send({ key: dmKey('bob'), text: 'hi from bob', author: { id: 'bob' } });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['hi from bob']);
  });

  it('labels each message with its speaker in a shared conversation', async () => {
    const key = dmKey('thread-1');
    await core.parley.send({ key, text: 'hi', author: { id: 'U1', displayName: 'Ann' }, shared: true });
    await core.parley.send({ key, text: 'hello', author: { id: 'U2', displayName: 'Ben' }, shared: true });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['[Ann]: hi', 'echo: [Ann]: hi', '[Ben]: hello']);
  });

  it('streams text deltas before the final result', async () => {
    const types: string[] = [];
    let text = '';
    for await (const event of core.parley.stream({ key: dmKey('alice'), text: 'stream me please', author: { id: 'alice' } })) {
      types.push(event.type);
      if (event.type === 'text') text += event.delta;
    }
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    expect(text).toBe('echo: stream me please');
  });

  it('records usage per turn and per conversation', async () => {
    await core.parley.send({ key: dmKey('alice'), text: 'one', author: { id: 'alice' } });
    await core.parley.send({ key: dmKey('alice'), text: 'two', author: { id: 'alice' } });
    const head = await core.store.readHead(dmKey('alice'));
    const turns = await core.store.readTurns(dmKey('alice'), 0, 2);
    expect(turns.every((turn) => turn.usage.inputTokens > 0 && turn.usage.outputTokens > 0)).toBe(true);
    expect(head?.usage.inputTokens).toBe(turns[0]!.usage.inputTokens + turns[1]!.usage.inputTokens);
  });
});

describe('prompt caching', () => {
  it('marks the request for caching when enabled', async () => {
    const core = await startCore({ promptCaching: true });
    try {
      await core.parley.send({ key: dmKey('alice'), text: 'hi', author: { id: 'alice' } });
      expect(core.fake.lastRequest().body.cache_control).toEqual({ type: 'ephemeral' });
    } finally {
      await core.close();
    }
  });

  it('leaves the marker out when disabled', async () => {
    const core = await startCore({ promptCaching: false });
    try {
      await core.parley.send({ key: dmKey('alice'), text: 'hi', author: { id: 'alice' } });
      expect(core.fake.lastRequest().body).not.toHaveProperty('cache_control');
    } finally {
      await core.close();
    }
  });
});
