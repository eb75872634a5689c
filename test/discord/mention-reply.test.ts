import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('a mention in a guild channel', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('gets a reply to that message, without the bot mention in the text the model reads', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'what is 17% of 240?' });
    expect(reply.ok).toBe(true);
    expect(reply.text).toBe('echo: what is 17% of 240?');
    expect(reply.messages[0]!.message_reference).toMatchObject({ message_id: reply.messageId });
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'what is 17% of 240?' }]);
  });

  it('turns other user and channel mentions into names the model can read', async () => {
    await h.ask({ from: world.alice, in: { channel: world.general }, content: `ask <@${world.bob.id}> about <#${world.random}>` });
    expect(h.modelSaw().at(-1)!.text).toBe('ask @Bob about #random');
  });

  it('shows the typing indicator in that channel while the answer forms', async () => {
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'hi' });
    expect(h.rest.callsTo('POST /channels/:id/typing').map((c) => c.path)).toContain(`/channels/${world.random}/typing`);
  });

  it('never lets the answer ping anyone through its text', async () => {
    h.anthropic.reply({ text: '@everyone look' });
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'ping them' });
    const post = h.rest.callsTo('POST /channels/:id/messages').find((c) => c.body.message_reference?.message_id === reply.messageId)!;
    expect(post.body.allowed_mentions).toMatchObject({ parse: [] });
  });
});
