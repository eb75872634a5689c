import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

// The typing indicator is shown because an answer takes time (DEFAULT_TYPING_DELAY_MS, 500 ms).
describe('the typing indicator', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    // The real defaults for the typing delay and the edit interval: this file checks them.
    h = await startDiscordHarness({ adapter: { editIntervalMs: 1000 } });
  });
  afterAll(async () => {
    await h.close();
  });

  const callsSince = (seq: number) => h.rest.calls.filter((call) => call.seq > seq);

  it('is not sent for an answer ready at once: the answer is one REST call, posted once and never edited', async () => {
    const before = h.rest.calls.at(-1)?.seq ?? 0;
    const reply = await h.ask({ from: world.alice, in: { dm: true }, content: 'quick one' });
    expect(reply.ok).toBe(true);
    // Past the delay: no indicator comes late either.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const calls = callsSince(before);
    expect(calls.map((call) => call.route)).toEqual(['POST /channels/:id/messages']);
    expect(calls[0]!.body).toMatchObject({ content: reply.text, message_reference: { message_id: reply.messageId }, allowed_mentions: { parse: [] } });
  });

  it('is sent in the channel while an answer takes longer, before the answer is posted', async () => {
    h.anthropic.latencyMs = 900;
    const before = h.rest.calls.at(-1)?.seq ?? 0;
    const reply = await h.ask({ from: world.bob, in: { dm: true }, content: 'slow one' }).finally(() => (h.anthropic.latencyMs = 0));
    const calls = callsSince(before);
    const typing = calls.filter((call) => call.route === 'POST /channels/:id/typing');
    const post = calls.find((call) => call.route === 'POST /channels/:id/messages')!;
    expect(typing).toHaveLength(1);
    expect(typing[0]!.path).toBe(`/channels/${post.path.split('/')[2]}/typing`);
    expect(typing[0]!.seq).toBeLessThan(post.seq);
    expect(post.body.content).toBe(reply.text);
  });
});
