import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

describe('when Slack refuses streaming (unknown_method)', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
    h.slack.streaming = 'unknown_method';
  });
  afterEach(() => h.close());

  it('the answer is posted in the thread instead', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello' });
    const reply = await h.reply(GENERAL, sent.event.ts, 'echo: [Alice (U1111)]: hello');
    expect(reply.via).toBe('post');
  });

  it('uses a markdown block with a plain-text fallback', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hello' });
    await h.reply(GENERAL, sent.event.ts, 'echo: [Alice (U1111)]: hello');
    const post = h.slack.callsTo('chat.postMessage')[0]!;
    expect(post.args.blocks).toEqual([{ type: 'markdown', text: expect.stringContaining('echo') }]);
    expect(post.args.text).toEqual(expect.stringContaining('echo'));
  });

  it('is remembered, so later answers do not try to stream again', async () => {
    // Answers longer than the streamer's buffer, which would stream if Slack allowed it.
    const long = (n: number) => `Answer ${n}. ${'A fairly long answer. '.repeat(20).trim()}`;
    h.model.reply({ text: long(1) }, { text: long(2) });
    const first = await h.mention({ user: ALICE, channel: GENERAL, text: 'one' });
    await h.reply(GENERAL, first.event.ts, long(1));
    const second = await h.mention({ user: ALICE, channel: GENERAL, text: 'two' });
    await h.reply(GENERAL, second.event.ts, long(2));
    expect(h.slack.callsTo('chat.startStream')).toHaveLength(1);
  });
});

describe('when streaming works', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('the answer arrives through chat.startStream/appendStream/stopStream without chat.postMessage', async () => {
    h.model.reply({ text: 'A fairly long answer. '.repeat(40).trim() });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'tell me' });
    const reply = await h.reply(GENERAL, sent.event.ts);
    expect(reply).toMatchObject({ via: 'stream', text: 'A fairly long answer. '.repeat(40).trim() });
    expect(h.slack.callsTo('chat.appendStream').length).toBeGreaterThan(0);
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('a short answer, complete before the streamer would send anything, is posted once', async () => {
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'hi' });
    const reply = await h.reply(GENERAL, sent.event.ts, 'echo: [Alice (U1111)]: hi');
    expect(reply.via).toBe('post');
    expect(h.slack.calls.map((call) => call.method).filter((method) => method.startsWith('chat.'))).toEqual(['chat.postMessage']);
  });

  it('a stream that breaks halfway is finished by editing the same message', async () => {
    const answer = 'Sentence number one of many. '.repeat(40).trim();
    h.model.reply({ text: answer });
    h.slack.failNext('chat.appendStream', { error: 'internal_error' });
    const sent = await h.mention({ user: ALICE, channel: GENERAL, text: 'tell me' });
    const reply = await h.reply(GENERAL, sent.event.ts, answer);
    expect(reply.via).toBe('stream');
    expect(h.slack.thread(GENERAL, sent.event.ts)).toHaveLength(1);
  });
});
