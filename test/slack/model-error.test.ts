import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, DeliveryFailed, ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('a model error', () => {
  let h: SlackHarness;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    h = await startSlackHarness({ logger: createLogger({ level: 'warn', write: (line) => lines.push(line) }) });
  });
  afterEach(() => h.close());

  it('gives a short readable reply in the thread', async () => {
    h.model.reply({ error: { status: 500 } });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello?' });
    const reply = await h.reply(GENERAL, sent.event.ts);
    expect(reply.text).toBe(userMessageFor(new ModelUnavailable('x')));
  });

  it('is logged as one structured slack.turn_failed line with its code', async () => {
    h.model.reply({ error: { status: 500 } });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello?' });
    await h.reply(GENERAL, sent.event.ts);
    const failed = lines.map((line) => JSON.parse(line)).filter((entry) => entry.event === 'slack.turn_failed');
    expect(failed).toEqual([expect.objectContaining({ level: 'warn', code: 'model_unavailable', kind: 'mention' })]);
    expect(JSON.stringify(failed)).not.toContain('hello?');
  });

  it('leaves the next message working', async () => {
    h.model.reply({ error: { status: 500 } });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello?' });
    await h.reply(GENERAL, sent.event.ts);
    await h.mention({ user: ALICE, channel: GENERAL, threadTs: sent.event.ts, text: 'again' });
    const reply = await h.reply(GENERAL, sent.event.ts, (text) => text.startsWith('echo:'));
    expect(reply.text).toBe('echo: [Alice (U1111)]: again');
  });

  it('gives a readable reply in a DM', async () => {
    h.model.reply({ error: { status: 529, type: 'overloaded_error' } });
    await h.dm({ user: ALICE, text: 'hi' });
    await h.reply(`D${ALICE}`, undefined, userMessageFor(new ModelUnavailable('x')));
  });

  it('explains a bare mention instead of calling the model', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: '' });
    const reply = await h.reply(GENERAL, sent.event.ts);
    expect(reply.text).toContain('Mention me with a question');
    expect(h.model.requests).toEqual([]);
  });
});

describe('a Slack error while answering', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness({ adapter: { streaming: false } });
  });
  afterEach(() => h.close());

  it('does not stop the next message from being answered', async () => {
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await h.dm({ user: ALICE, text: 'lost' });
    // The answer's one post failed; the person is told, and their next message is answered.
    await h.reply(`D${ALICE}`, undefined, userMessageFor(new DeliveryFailed('Slack refused the answer')));
    await h.dm({ user: ALICE, text: 'found' });
    await h.reply(`D${ALICE}`, undefined, 'echo: found');
  });
});
