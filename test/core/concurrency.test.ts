import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dm, dmKey, startCore, tempDir, type CoreHarness } from '../support/core-harness.js';

describe('concurrent messages', () => {
  let core: CoreHarness;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    const dir = await tempDir();
    cleanup = dir.cleanup;
    core = await startCore({ storeUrl: `sqlite://${dir.path}/bot.sqlite` });
    core.fake.latencyMs = 5;
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('keeps all twenty exchanges sent at once to one conversation, in arrival order', async () => {
    const key = dmKey('alice');
    const texts = Array.from({ length: 20 }, (_, i) => `message ${i}`);
    await Promise.all(texts.map((text) => core.parley.send({ address: dm('alice'), text })));
    const turns = await core.store.readTurns(key, 0, 20);
    expect(turns.map((turn) => turn.messages[0]!.content)).toEqual(texts);
    expect(turns.map((turn) => (turn.messages[1]!.content as Array<{ text: string }>)[0]!.text)).toEqual(texts.map((text) => `echo: ${text}`));
  });

  it('gives each queued message the history of every earlier one', async () => {
    const key = dmKey('alice');
    await Promise.all(Array.from({ length: 5 }, (_, i) => core.parley.send({ address: dm('alice'), text: `m${i}` })));
    expect(core.fake.requests.map((request) => request.body.messages.length)).toEqual([1, 3, 5, 7, 9]);
  });

  it('answers another conversation while one is still waiting for the model', async () => {
    // Chosen by content, not order: either request may reach the fake first.
    core.fake.setDefault((request) => (JSON.stringify(request.body.messages).includes('"slow"') ? { hang: true } : { text: 'echo: fast' }));
    let firstSettled = false;
    const first = core.parley.send({ address: dm('slow'), text: 'slow' }).finally(() => (firstSettled = true));
    await expect(core.parley.send({ address: dm('fast'), text: 'fast' })).resolves.toMatchObject({ text: 'echo: fast' });
    expect(firstSettled).toBe(false);
    await core.fake.close();
    await first.catch(() => undefined);
  });
});
