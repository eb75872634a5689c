import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('when the model fails', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('replies with a short readable line and logs the failure', async () => {
    h.anthropic.reply({ error: { status: 529 } });
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'are you there?' });
    expect(reply.ok).toBe(false);
    expect(reply.text).toBe(userMessageFor(new ModelUnavailable('overloaded', 529)));
    expect(reply.messages[0]!.message_reference?.message_id).toBe(reply.messageId);
    expect(h.logs.some((l) => l.event === 'discord.turn_failed' && l.code === 'model_unavailable')).toBe(true);
  });

  it('answers the next message normally, without the failed turn in the history', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'and now?' });
    expect(reply.text).toBe('echo: and now?');
    expect(h.modelSaw()).toEqual([{ role: 'user', text: 'and now?' }]);
  });

  it('ends a partial answer with the error line when the stream breaks, as every platform does', async () => {
    h.anthropic.reply({ dropMidStream: { text: 'a partial answer that will never finish because the connection drops' } });
    const reply = await h.ask({ from: world.bob, in: { channel: world.general }, content: 'tell me' });
    expect(reply.ok).toBe(false);
    expect(reply.messages).toHaveLength(1);
    expect(reply.text.endsWith(`\n\n${userMessageFor(new ModelUnavailable('dropped', undefined))}`)).toBe(true);
  });
});
