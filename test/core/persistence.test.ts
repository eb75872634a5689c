import { afterEach, describe, expect, it } from 'vitest';
import { dm, dmKey, startCore, tempDir, textsOf } from '../support/core-harness.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';

describe('persistence across restarts', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ fake: FakeAnthropic; storeUrl: string }> {
    const dir = await tempDir();
    const fake = await startFakeAnthropic();
    cleanups.push(dir.cleanup, () => fake.close());
    return { fake, storeUrl: `sqlite://${dir.path}/bot.sqlite` };
  }

  it('remembers a conversation after the core restarts on the same SQLite file', async () => {
    const { fake, storeUrl } = await setup();
    const first = await startCore({ fake, storeUrl });
    await first.parley.send({ address: dm('alice'), text: 'remember 42' });
    await first.close();

    const second = await startCore({ fake, storeUrl });
    cleanups.push(() => second.close());
    await second.parley.send({ address: dm('alice'), text: 'what number?' });
    expect(textsOf(fake.lastRequest().body.messages)).toEqual(['remember 42', 'echo: remember 42', 'what number?']);
  });

  it('keeps tool rounds in the stored history so the next request is valid', async () => {
    const { fake, storeUrl } = await setup();
    const first = await startCore({ fake, storeUrl, tools: (await import('../../src/tools/index.js')).defaultTools });
    fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '6*7' } }] });
    await first.parley.send({ address: dm('alice'), text: 'six times seven?' });
    await first.close();

    const second = await startCore({ fake, storeUrl });
    cleanups.push(() => second.close());
    await second.parley.send({ address: dm('alice'), text: 'thanks' });
    const roles = fake.lastRequest().body.messages.map((m: { role: string }) => m.role);
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
  });
});
