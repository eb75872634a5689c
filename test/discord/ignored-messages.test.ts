import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmptyInput, userMessageFor } from '../../src/core/index.js';
import { startDiscordHarness, world, type DiscordHarness, type TestMessage } from './harness.js';

describe('messages not meant for the bot', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const ignored: [string, TestMessage][] = [
    ["the bot's own messages", { from: world.bot, in: { channel: world.general }, content: 'my own words' }],
    ['other bots', { from: world.otherBot, in: { channel: world.general }, content: 'beep' }],
    ['webhooks', { from: world.alice, in: { channel: world.general }, content: 'from a webhook', webhookId: '1000000000000000801' }],
    ['@everyone without a mention of the bot', { from: world.alice, in: { channel: world.general }, content: '@everyone standup', mentionBot: false, mentionEveryone: true }],
    ['channel chatter without a mention', { from: world.alice, in: { channel: world.general }, content: 'lunch?', mentionBot: false }],
    ['a mention of the bot role only', { from: world.alice, in: { channel: world.general }, content: '<@&1000000000000000601> hello role', mentionBot: false }],
    ['system messages (a pin notice)', { from: world.alice, in: { channel: world.general }, content: '', type: 6 }],
  ];

  it.each(ignored)('ignores %s', async (_name, message) => {
    h.anthropic.reset();
    const ignoredId = h.send(message);
    // A message sent after it is answered, so the ignored one has long been handled.
    await h.ask({ from: world.bob, in: { channel: world.random }, content: 'ping' });
    expect(h.repliesTo(ignoredId)).toEqual([]);
    expect(h.anthropic.requests).toHaveLength(1);
  });

  it('answers @everyone when the bot is also mentioned', async () => {
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: '@everyone and you', mentionEveryone: true });
    expect(reply.text).toBe('echo: @everyone and you');
  });

  it('answers a bare mention with a short hint instead of calling the model', async () => {
    h.anthropic.reset();
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: '' });
    expect(reply.text).toBe(userMessageFor(new EmptyInput()));
    expect(h.anthropic.requests).toHaveLength(0);
  });
});
