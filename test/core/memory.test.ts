import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dm, dmKey, inThread, startCore, textsOf, type CoreHarness } from '../support/core-harness.js';

describe('conversation memory', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  it('answers with the model reply', async () => {
    const result = await core.parley.send({ address: dm('alice'), text: 'hello' });
    expect(result.text).toBe('echo: hello');
  });

  it('sends the earlier exchange with the next message', async () => {
    await core.parley.send({ address: dm('alice'), text: 'my name is Alice' });
    await core.parley.send({ address: dm('alice'), text: 'what is my name?' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['my name is Alice', 'echo: my name is Alice', 'what is my name?']);
  });

  it('keeps two conversations apart', async () => {
    await core.parley.send({ address: dm('alice'), text: 'secret of alice' });
    await core.parley.send({ address: dm('bob'), text: 'hi from bob' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['hi from bob']);
  });

  it('labels each message with its speaker in a shared conversation', async () => {
    await core.parley.send({ address: inThread('thread-1', 'U1'), text: 'hi', displayName: 'Ann' });
    await core.parley.send({ address: inThread('thread-1', 'U2'), text: 'hello', displayName: 'Ben' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['[Ann (U1)]: hi', 'echo: [Ann (U1)]: hi', '[Ben (U2)]: hello']);
  });

  it('streams text deltas before the final result', async () => {
    const types: string[] = [];
    let text = '';
    for await (const event of core.parley.stream({ address: dm('alice'), text: 'stream me please' })) {
      types.push(event.type);
      if (event.type === 'text') text += event.delta;
    }
    expect(types[0]).toBe('started');
    expect(types.at(-1)).toBe('done');
    expect(text).toBe('echo: stream me please');
  });

  it('records usage per turn and per conversation', async () => {
    await core.parley.send({ address: dm('alice'), text: 'one' });
    await core.parley.send({ address: dm('alice'), text: 'two' });
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
      await core.parley.send({ address: dm('alice'), text: 'hi' });
      expect(core.fake.lastRequest().body.cache_control).toEqual({ type: 'ephemeral' });
    } finally {
      await core.close();
    }
  });

  it('leaves the marker out when disabled', async () => {
    const core = await startCore({ promptCaching: false });
    try {
      await core.parley.send({ address: dm('alice'), text: 'hi' });
      expect(core.fake.lastRequest().body).not.toHaveProperty('cache_control');
    } finally {
      await core.close();
    }
  });
});
