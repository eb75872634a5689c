import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('an answer that takes a while', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    // The real default edit interval (1 s): this file checks the pacing itself.
    h = await startDiscordHarness({ adapter: { editIntervalMs: 1000, typingIntervalMs: 300 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is shown early, then edited in place no faster than once a second', async () => {
    // First model step: some text and a tool call; the second step comes 1.5 s later.
    h.anthropic.reply({ text: 'Let me think about that.', toolUses: [{ name: 'lookup', input: { q: 'x' } }] }, (request) => {
      h.anthropic.latencyMs = 0;
      return { text: `Here is the answer (after ${request.body.messages.length} messages).` };
    });
    const done = h.ask({ from: world.alice, in: { channel: world.general }, content: 'slow one' });
    h.anthropic.latencyMs = 1500;
    const reply = await done;
    const replyId = reply.messages[0]!.id;
    expect(reply.messages).toHaveLength(1);
    expect(reply.text).toMatch(/^Let me think about that\.\n\nHere is the answer/);
    const post = h.rest.callsTo('POST /channels/:id/messages').find((c) => c.body.message_reference?.message_id === reply.messageId)!;
    expect(post.body.content).toMatch(/^Let me think about that\./);
    const edits = h.rest.callsTo('PATCH /channels/:id/messages/:id').filter((c) => c.path.endsWith(`/${replyId}`));
    expect(edits.length).toBeGreaterThanOrEqual(1);
    const times = [post.at, ...edits.map((c) => c.at)];
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
  });

  it('is posted once, whole, when it is complete within the first edit interval', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'quick one' });
    const post = h.rest.callsTo('POST /channels/:id/messages').find((c) => c.body.message_reference?.message_id === reply.messageId)!;
    expect(post.body.content).toBe(reply.text);
    expect(h.rest.callsTo('PATCH /channels/:id/messages/:id').filter((c) => c.path.endsWith(`/${reply.messages[0]!.id}`))).toEqual([]);
  });

  it('renews the typing indicator while it forms, and stops when it is done', async () => {
    // The previous answer took about 1.5 s with typing renewed every 300 ms.
    const typing = h.rest.callsTo('POST /channels/:id/typing').length;
    expect(typing).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.rest.callsTo('POST /channels/:id/typing')).toHaveLength(typing);
  });
});
