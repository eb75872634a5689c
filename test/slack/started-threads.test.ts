import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackKey } from '../../src/adapters/slack/keys.js';
import { StartedThreads } from '../../src/adapters/slack/started-threads.js';
import type { Coordination } from '../../src/core/index.js';
import { openStore } from '../../src/store/open-store.js';

const thread = (ts: string) => slackKey({ teamId: 'T1', channel: 'C1', threadTs: ts, user: 'U1', dm: false });

describe('threads a person started in a channel', () => {
  let coordination: Coordination;
  let close: () => Promise<void>;
  beforeEach(async () => {
    const opened = await openStore('memory://');
    coordination = opened.coordination;
    close = () => opened.close();
  });
  afterEach(() => close());

  it('keeps every thread added at once, on one process or two', async () => {
    const one = new StartedThreads(coordination);
    const two = new StartedThreads(coordination);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? one : two).add('T1', 'C1', 'U1', thread(`${i}.0`))));
    expect((await two.list('T1', 'C1', 'U1')).sort()).toEqual(Array.from({ length: 10 }, (_, i) => thread(`${i}.0`)).sort());
  });

  it("keeps each person's threads, in each channel, apart", async () => {
    const threads = new StartedThreads(coordination);
    await threads.add('T1', 'C1', 'U1', thread('1.0'));
    expect(await threads.list('T1', 'C1', 'U2')).toEqual([]);
    expect(await threads.list('T1', 'C2', 'U1')).toEqual([]);
    expect(await threads.list('T1', 'C1', 'U1')).toEqual([thread('1.0')]);
  });

  it('reads the sets earlier versions wrote through the core', async () => {
    await coordination.addMember('index:slack:T1:C1:U1', thread('1.0'), 500);
    expect(await new StartedThreads(coordination).list('T1', 'C1', 'U1')).toEqual([thread('1.0')]);
  });
});
