import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('Discord while answering', () => {
  let h: DiscordHarness;
  beforeEach(async () => {
    h = await startDiscordHarness();
  });
  afterEach(() => h.close());

  it('types before the model is called and names the tool in use under the words until the answer', async () => {
    h.anthropic.reply({ toolUses: [{ name: 'calculator', input: { expression: '6*7' } }], text: 'Let me work that out.' });
    h.anthropic.latencyMs = 200;
    const reply = await h.ask({ from: world.alice, in: { dm: true }, content: 'what is 6*7?' });
    const typing = h.rest.callsTo('POST /channels/:id/typing')[0]!;
    expect(typing.seq).toBeLessThan(h.anthropic.requests[0]!.seq!);
    const shown = h.rest.calls.filter((call) => call.route.startsWith('POST /channels/:id/messages') || call.route.startsWith('PATCH /channels/:id/messages')).map((call) => call.body.content);
    expect(shown.some((content: string) => content.includes('-# using calculator…'))).toBe(true);
    expect(reply.text).not.toContain('using calculator');
  });
});
