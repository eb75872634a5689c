import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, startSlackHarness, textOf, type SlackHarness } from './harness.js';

const ALICE_DM = `D${ALICE}`;
const texts = (h: SlackHarness) => h.model.lastRequest().body.messages.map((m: { content: unknown }) => textOf(m.content));

describe('threads inside a DM (the chats of the agent messaging experience)', () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('are each their own conversation, carrying neither the top-level DM nor each other', async () => {
    const first = await h.dm({ user: ALICE, text: 'top level: my name is Alice' });
    await h.reply(ALICE_DM, undefined, 'echo: top level: my name is Alice');
    const second = await h.dm({ user: ALICE, text: 'another top-level message' });
    await h.reply(ALICE_DM, undefined, 'echo: another top-level message');

    await h.dm({ user: ALICE, text: 'thread one', threadTs: first.event.ts });
    await h.reply(ALICE_DM, first.event.ts, 'echo: thread one');
    expect(texts(h)).toEqual(['thread one']);
    await h.dm({ user: ALICE, text: 'thread two', threadTs: second.event.ts });
    await h.reply(ALICE_DM, second.event.ts, 'echo: thread two');
    expect(texts(h)).toEqual(['thread two']);
    await h.dm({ user: ALICE, text: 'thread one again', threadTs: first.event.ts });
    await h.reply(ALICE_DM, first.event.ts, 'echo: thread one again');
    expect(texts(h)).toEqual(['thread one', 'echo: thread one', 'thread one again']);
  });

  it('leave the top-level DM conversation continuing as before', async () => {
    const root = await h.dm({ user: ALICE, text: 'remember 42' });
    await h.reply(ALICE_DM, undefined, 'echo: remember 42');
    await h.dm({ user: ALICE, text: 'a side chat', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: a side chat');
    await h.dm({ user: ALICE, text: 'what number?' });
    await h.reply(ALICE_DM, undefined, 'echo: what number?');
    expect(texts(h)).toEqual(['remember 42', 'echo: remember 42', 'what number?']);
  });

  it('get a title from their first message', async () => {
    const root = await h.dm({ user: ALICE, text: 'hello' });
    await h.reply(ALICE_DM, undefined, 'echo: hello');
    await h.dm({ user: ALICE, text: 'Plan the offsite   agenda for March', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: Plan the offsite   agenda for March');
    await h.dm({ user: ALICE, text: 'and the budget', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: and the budget');
    await h.settle();
    expect(h.slack.callsTo('assistant.threads.setTitle').map((call) => call.args)).toEqual([{ channel_id: ALICE_DM, thread_ts: root.event.ts, title: 'Plan the offsite agenda for March' }]);
  });

  it('are forgotten by /reset in the DM together with the top level', async () => {
    const root = await h.dm({ user: ALICE, text: 'top' });
    await h.reply(ALICE_DM, undefined, 'echo: top');
    await h.dm({ user: ALICE, text: 'side', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: side');
    await h.command('/reset', ALICE, ALICE_DM);
    await h.dm({ user: ALICE, text: 'side again', threadTs: root.event.ts });
    await h.reply(ALICE_DM, root.event.ts, 'echo: side again');
    expect(texts(h)).toEqual(['side again']);
  });
});
