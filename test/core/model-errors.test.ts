import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRejected, ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { dm, dmKey, startCore, textsOf, type CoreHarness } from '../support/core-harness.js';

describe('model errors', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  for (const status of [429, 500, 529]) {
    it(`a ${status} becomes ModelUnavailable with a readable line and stores nothing`, async () => {
      const key = dmKey('alice');
      await core.parley.send({ address: dm('alice'), text: 'before' });
      core.fake.reply({ error: { status } });
      const failure = await core.parley.send({ address: dm('alice'), text: 'during' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ModelUnavailable);
      expect(userMessageFor(failure)).toMatch(/send that again/);
      expect((await core.store.readHead(key))?.turns).toBe(1);
    });
  }

  it('lets the same message be sent again after a failure', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'before' });
    core.fake.reply({ error: { status: 529 } });
    await core.parley.send({ address: dm('alice'), text: 'again' }).catch(() => undefined);
    await core.parley.send({ address: dm('alice'), text: 'again' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['before', 'echo: before', 'again']);
  });

  it('discards a turn whose tool round was followed by a failure', async () => {
    const key = dmKey('alice');
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '1+1' } }] }, { error: { status: 500 } });
    await core.parley.send({ address: dm('alice'), text: 'half a turn' }).catch(() => undefined);
    expect(await core.store.readHead(key)).toBeUndefined();
    await core.parley.send({ address: dm('alice'), text: 'next' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['next']);
  });

  it('treats a stream dropped before any text as unavailable', async () => {
    core.fake.reply({ dropMidStream: { text: '' } });
    const failure = await core.parley.send({ address: dm('alice'), text: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelUnavailable);
  });

  it('treats a 400 as a rejected request, not an outage', async () => {
    core.fake.reply({ error: { status: 400, type: 'invalid_request_error' } });
    const failure = await core.parley.send({ address: dm('alice'), text: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ModelRejected);
  });
});

describe('model retries', () => {
  it('retries a 429 honouring retry-after and then answers', async () => {
    const core = await startCore({ maxRetries: 2 });
    try {
      core.fake.reply({ error: { status: 429, retryAfterSeconds: 0 } });
      const result = await core.parley.send({ address: dm('alice'), text: 'hi' });
      expect(result.text).toBe('echo: hi');
      expect(core.fake.requests).toHaveLength(2);
    } finally {
      await core.close();
    }
  });
});
