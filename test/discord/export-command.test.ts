import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

const EPHEMERAL = 64;

describe('/export', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
    await h.ask({ from: world.alice, in: { channel: world.general }, content: 'the launch code is 1234' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers ephemerally with conversation.json and conversation.md', async () => {
    const { callback, edit } = await h.command('export', { from: world.alice, in: { channel: world.general } });
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.files.map((f) => f.filename).sort()).toEqual(['conversation.json', 'conversation.md']);
    const json = JSON.parse(edit.files.find((f) => f.filename === 'conversation.json')!.data.toString('utf8'));
    expect(json.messages).toEqual([
      { role: 'user', content: 'the launch code is 1234' },
      { role: 'assistant', content: [{ type: 'text', text: 'echo: the launch code is 1234' }] },
    ]);
    const markdown = edit.files.find((f) => f.filename === 'conversation.md')!.data.toString('utf8');
    expect(markdown).toContain('**User**: the launch code is 1234');
    expect(markdown).toContain('**Claude**: echo: the launch code is 1234');
  });

  it('gives another user in the same channel nothing of it', async () => {
    const { edit } = await h.command('export', { from: world.bob, in: { channel: world.general } });
    expect(edit.files).toEqual([]);
    expect(edit.body.content).toMatch(/no conversation of yours/);
    expect(JSON.stringify(edit.body)).not.toContain('1234');
  });
});
