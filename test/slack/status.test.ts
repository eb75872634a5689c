import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../fakes/slack-api.js';
import { ALICE, BOB, GENERAL, startSlackHarness, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;

/** The setStatus calls for one thread, in order, and the first model request's place in the order. */
function statusCalls(h: SlackHarness, channel: string, threadTs: string): RecordedCall[] {
  return h.slack.callsTo('assistant.threads.setStatus').filter((call) => call.args.channel_id === channel && call.args.thread_ts === threadTs);
}

describe('the status line while Parley answers', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  // The turn's model request is the first one recorded (the settle marker's comes after it).
  const expectStatusAround = async (channel: string, threadTs: string) => {
    const calls = statusCalls(h, channel, threadTs);
    const firstRequest = h.model.requests[0]!;
    expect(calls[0]!.args.status).toBe('is thinking…');
    expect(calls[0]!.seq).toBeLessThan(firstRequest.seq!);
    expect(calls.at(-1)!.args.status).toBe('');
    expect(h.slack.statuses.get(`${channel}/${threadTs}`)).toBeUndefined();
  };

  it('is set before the model is called and cleared after the answer, in a DM', async () => {
    const dm = await h.dm({ user: ALICE, text: 'hi' });
    await h.reply(ALICE_DM, undefined, 'echo: hi');
    await h.settle();
    await expectStatusAround(ALICE_DM, dm.event.ts);
  });

  // Slack clears a thread's status when the app replies in it, so a reply in the thread is the clearing.
  const expectClearedByTheReply = async (channel: string, threadTs: string) => {
    const calls = statusCalls(h, channel, threadTs);
    expect(calls.map((call) => call.args.status)).toEqual(['is thinking…']);
    expect(calls[0]!.seq).toBeLessThan(h.model.requests[0]!.seq!);
    expect(h.slack.statuses.get(`${channel}/${threadTs}`)).toBeUndefined();
  };

  it('is set, and cleared by the reply itself, in a DM thread', async () => {
    const root = await h.dm({ user: ALICE, text: 'root' });
    await h.reply(ALICE_DM, undefined, 'echo: root');
    await h.settle();
    h.model.reset();
    h.slack.calls.length = 0;
    await h.dm({ user: ALICE, text: 'in thread', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: in thread');
    await h.settle();
    await expectClearedByTheReply(ALICE_DM, root.event.ts);
  });

  it('is set, and cleared by the reply itself, in a channel thread', async () => {
    const mention = await h.mention({ user: BOB, text: 'question', channel: GENERAL });
    await h.reply(GENERAL, mention.event.ts, 'echo: [Bob (U2222)]: question');
    await h.settle();
    await expectClearedByTheReply(GENERAL, mention.event.ts);
  });

  it('is cleared in a thread whose answer Slack refused', async () => {
    h.slack.refuseTextContaining('echo: [Bob (U2222)]: refused');
    const mention = await h.mention({ user: BOB, text: 'refused', channel: GENERAL });
    // The line saying Slack refused the answer, posted in its place.
    await h.reply(GENERAL, mention.event.ts, (text) => !text.includes('echo'));
    await h.settle();
    expect(statusCalls(h, GENERAL, mention.event.ts).at(-1)!.args.status).toBe('');
    expect(h.slack.statuses.get(`${GENERAL}/${mention.event.ts}`)).toBeUndefined();
  });

  it('names the tool that is running', async () => {
    h.model.reply({ toolUses: [{ name: 'calculator', input: { expression: '2+2' } }] });
    const dm = await h.dm({ user: ALICE, text: 'what is 2+2?' });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith('done:'));
    await h.settle();
    expect(statusCalls(h, ALICE_DM, dm.event.ts).map((call) => call.args.status)).toEqual(['is thinking…', 'is using calculator…', '']);
  });

  it('is cleared after an error too', async () => {
    h.model.reply({ error: { status: 400, message: 'bad request' } });
    const dm = await h.dm({ user: ALICE, text: 'fail please' });
    await h.reply(ALICE_DM, undefined, (text) => text.startsWith("Claude couldn't accept"));
    await h.settle();
    expect(statusCalls(h, ALICE_DM, dm.event.ts).map((call) => call.args.status)).toEqual(['is thinking…', '']);
  });

  it('falls back to a reaction, removed after the answer, where Slack shows no status', async () => {
    h.slack.failNext('assistant.threads.setStatus', { error: 'missing_scope' });
    const dm = await h.dm({ user: ALICE, text: 'hello' });
    await h.reply(ALICE_DM, undefined, 'echo: hello');
    await h.settle();
    const reactions = h.slack.calls.filter((call) => call.method.startsWith('reactions.') && call.args.timestamp === dm.event.ts);
    expect(reactions.map((call) => [call.method, call.args.name])).toEqual([
      ['reactions.add', 'eyes'],
      ['reactions.remove', 'eyes'],
    ]);
    expect(reactions[0]!.seq).toBeLessThan(h.model.requests[0]!.seq!);
  });
});
