import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dm, dmKey, startCore, textsOf, type CoreHarness } from '../support/core-harness.js';

describe('reset', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  it('deletes every stored record of the conversation', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'one' });
    await core.parley.send({ address: dm('alice'), text: 'two' });
    expect(await core.parley.reset(key, 'alice')).toBe(true);
    expect(await core.store.readHead(key)).toBeUndefined();
    expect(await core.store.readTurns(key, 0, 2)).toEqual([]);
  });

  it('starts the next message from an empty history', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'forget me' });
    await core.parley.reset(key, 'alice');
    await core.parley.send({ address: dm('alice'), text: 'fresh start' });
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['fresh start']);
  });

  it('refuses someone who never spoke in the conversation', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'mine' });
    expect(await core.parley.reset(key, 'mallory')).toBe(false);
    expect(await core.store.readHead(key)).toBeDefined();
  });

  it('reports nothing to reset for an unknown conversation', async () => {
    expect(await core.parley.reset(dmKey('nobody'), 'nobody')).toBe(false);
  });
});

describe('export', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  it('gives the history as a versioned document of [{role, content}] messages', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'hello' });
    const exported = await core.parley.exportConversation(key, 'alice');
    expect(JSON.parse(exported!.json)).toEqual({
      format: 'parley.conversation',
      version: 1,
      exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      messages: [
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: [{ type: 'text', text: 'echo: hello' }] },
      ],
    });
  });

  it('gives a Markdown transcript with times and per-turn token usage', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'hello' });
    const turn = (await core.store.readTurns(key, 0, 1))[0]!;
    const { markdown } = (await core.parley.exportConversation(key, 'alice'))!;
    expect(markdown).toContain(`## Turn 1 — ${turn.at}`);
    expect(markdown).toContain(`${turn.usage.inputTokens} input · 0 cache write · 0 cache read · ${turn.usage.outputTokens} output tokens`);
    expect(markdown).toContain('**User**: hello');
    expect(markdown).toContain('**Claude**: echo: hello');
  });

  it('includes tool calls and results', async () => {
    core.fake.reply({ toolUses: [{ name: 'lookup', input: { q: 'x' } }] });
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'look it up' });
    const { markdown } = (await core.parley.exportConversation(key, 'alice'))!;
    expect(markdown).toContain('tool `lookup` called with `{"q":"x"}`');
    expect(markdown).toContain('tool failed: `Error: there is no tool named "lookup"`');
  });

  it('gives nothing to someone who was not part of the conversation', async () => {
    const key = dmKey('alice');
    await core.parley.send({ address: dm('alice'), text: 'private' });
    expect(await core.parley.exportConversation(key, 'mallory')).toBeUndefined();
  });
});

