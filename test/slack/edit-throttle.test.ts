import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackSdkLogger } from '../../src/adapters/slack/bolt-logger.js';
import { createWriter } from '../../src/adapters/slack/clients.js';
import { deliverTurn, StreamingSwitch } from '../../src/adapters/slack/reply-stream.js';
import { silentLogger, type TurnEvent } from '../../src/core/index.js';
import { startFakeSlackApi, waitFor, type FakeSlackApi } from '../fakes/slack-api.js';

const done = (text: string): TurnEvent => ({ type: 'done', result: { text, usage: { inputTokens: 1, outputTokens: 1 }, steps: 1, toolCalls: 0, stoppedAtStepLimit: false } });

describe('an answer posted and edited (no streaming)', () => {
  let slack: FakeSlackApi;
  let clock: number;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
    clock = 0;
  });
  afterEach(() => slack.close());

  const deliverFrom = (events: AsyncIterable<TurnEvent>, { updateIntervalMs = 1_000, now = () => clock } = {}) =>
    deliverTurn(
      events,
      { channel: 'DU1', recipientUserId: 'U1', recipientTeamId: 'T1' },
      { writer: createWriter({ token: slack.botToken, apiUrl: slack.url, logger: slackSdkLogger(silentLogger) }), streaming: new StreamingSwitch(false), logger: silentLogger, updateIntervalMs, now },
    );
  const deliver = (events: TurnEvent[], stepMs: number) =>
    deliverFrom(
      (async function* () {
        for (const event of events) {
          clock += stepMs;
          yield event;
        }
      })(),
    );

  it('is posted once, whole, when it is complete within the first interval', async () => {
    const words = Array.from({ length: 5 }, (_, i) => `word${i} `);
    await deliver([...words.map((delta): TurnEvent => ({ type: 'text', delta })), done(words.join(''))], 100);
    expect(slack.calls.map((call) => call.method)).toEqual(['chat.postMessage']);
    expect(slack.messages[0]!.text).toBe(words.join('').trim());
  });

  it('shows the answer so far once the first interval has passed, even with no new text', async () => {
    // Real time here: the held-back first post has its own timer for a model that goes quiet.
    const quiet = (async function* (): AsyncGenerator<TurnEvent> {
      yield { type: 'text', delta: 'Thinking about it…' };
      await waitFor(() => slack.callsTo('chat.postMessage').length > 0, 'the first post');
      yield { type: 'text', delta: ' done.' };
      yield done('Thinking about it… done.');
    })();
    await deliverFrom(quiet, { updateIntervalMs: 50, now: Date.now });
    expect(slack.callsTo('chat.postMessage')[0]!.args.text).toBe('Thinking about it…');
    expect(slack.messages.map((message) => message.text)).toEqual(['Thinking about it… done.']);
  });

  it('is posted once and edited at most about once a second', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i} `);
    await deliver([...words.map((delta): TurnEvent => ({ type: 'text', delta })), done(words.join(''))], 100);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    // Three seconds of deltas: three progress edits at most, plus the final one.
    expect(slack.callsTo('chat.update').length).toBeLessThanOrEqual(4);
    expect(slack.messages[0]!.text).toBe(words.join('').trim());
  });

  it('keeps text before and after a tool call as separate paragraphs', async () => {
    await deliver(
      [
        { type: 'text', delta: 'Let me work that out.' },
        { type: 'tool_started', id: 't1', name: 'calculator', input: { expression: '0.17*240' } },
        { type: 'tool_finished', id: 't1', name: 'calculator', isError: false, output: '40.8' },
        { type: 'text', delta: '17% of 240 is 40.8.' },
        done('17% of 240 is 40.8.'),
      ],
      10,
    );
    expect(slack.messages[0]!.text).toBe('Let me work that out.\n\n17% of 240 is 40.8.');
  });

  it('still writes the whole answer when a progress edit fails', async () => {
    slack.failNext('chat.update', { error: 'ratelimited' });
    const words = Array.from({ length: 30 }, (_, i) => `w${i} `);
    await deliver([...words.map((delta): TurnEvent => ({ type: 'text', delta })), done(words.join(''))], 400);
    expect(slack.messages.at(-1)!.text).toBe(words.join('').trim());
  });
});
