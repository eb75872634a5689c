// The table, measured again: two real Parley processes on one store (SQLite file, Redis,
// PostgreSQL), signed Slack deliveries alternating between them. 0 lost, 0 duplicated, 0 stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsOf } from '../support/core-harness.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';
import { REPLICA_WAIT_MS, startReplicas, type Replicas } from './replicas.js';


/** The user texts of every request the model received for `user`'s DM (each request's own texts, in order). */
const requestsOf = (run: Replicas, tag: string) =>
  run.model.requests.map((request) => textsOf(request.body.messages.filter((message: { role: string }) => message.role === 'user'))).filter((texts) => texts.at(-1)?.startsWith(tag));

for (const [name, namespace] of sharedStores()) {
  describe(`two Parley processes on one ${name}`, { timeout: 4 * REPLICA_WAIT_MS }, () => {
    let space: Namespace;
    let run: Replicas;
    beforeAll(async () => {
      space = await namespace();
      run = await startReplicas(space.url, { RATE_LIMIT_PER_MINUTE: '0' });
    }, 2 * REPLICA_WAIT_MS);
    afterAll(async () => {
      await run?.close();
      await space?.cleanup();
    });

    it('answers 20 DMs sent one after another, each built on every earlier exchange', async () => {
      for (let i = 0; i < 20; i++) {
        await run.dm(i % 2, 'USEQ', `seq ${i}`);
        await run.waitForReplies('USEQ', i + 1, (texts) => texts.at(-1) === `echo: seq ${i}`);
      }
      expect(run.repliesTo('USEQ')).toEqual(Array.from({ length: 20 }, (_, i) => `echo: seq ${i}`));
      const requests = requestsOf(run, 'seq');
      expect(requests).toHaveLength(20);
      expect(requests.at(-1)).toEqual(Array.from({ length: 20 }, (_, i) => `seq ${i}`));
    });

    it('answers 20 DMs sent at once over both exactly once each, one turn at a time, none stale', async () => {
      const texts = Array.from({ length: 20 }, (_, i) => `burst ${i}`);
      await Promise.all(texts.map((text, i) => run.dm(i % 2, 'UBURST', text)));
      await run.waitForReplies('UBURST', 20, (replies) => replies.filter((text) => texts.includes(text.replace('echo: ', ''))).length === 20);
      expect([...run.repliesTo('UBURST')].sort()).toEqual(texts.map((text) => `echo: ${text}`).sort());
      const requests = requestsOf(run, 'burst');
      expect(requests).toHaveLength(20);
      // The order the turns were committed in is the order of the requests' last messages; each
      // request carried exactly the exchanges committed before it.
      const order = requests.map((texts) => texts.at(-1)!);
      requests.forEach((texts, k) => expect(texts).toEqual(order.slice(0, k + 1)));
    });

    it('answers a Slack retry that reaches the other process once', async () => {
      const first = await run.dm(0, 'URETRY', 'retried once');
      await run.deliver(1, first, { retryNum: 1 });
      await run.deliver(0, first, { retryNum: 2 });
      await run.waitForReplies('URETRY', 1, (texts) => texts[0] === 'echo: retried once');
      // A later message on the same conversation is answered after any duplicate would have been.
      await run.dm(1, 'URETRY', 'retried after');
      await run.waitForReplies('URETRY', 2, (texts) => texts.includes('echo: retried after'));
      expect(run.repliesTo('URETRY')).toEqual(['echo: retried once', 'echo: retried after']);
      expect(requestsOf(run, 'retried')).toHaveLength(2);
    });

    it('forgets, on the other process, a conversation /reset on one', async () => {
      await run.dm(0, 'URESET', 'reset me 1');
      await run.waitForReplies('URESET', 1);
      await run.dm(0, 'URESET', 'reset me 2');
      await run.waitForReplies('URESET', 2);
      expect(await run.command(1, '/reset', 'URESET', 'DURESET')).toMatch(/forgot|deleted|reset/i);
      await run.dm(0, 'URESET', 'reset me after');
      await run.waitForReplies('URESET', 3);
      expect(requestsOf(run, 'reset me').at(-1)).toEqual(['reset me after']);
    });

    it('does not answer again a retry that arrives after the process that answered restarted', async () => {
      const first = await run.dm(1, 'URESTART', 'before the restart');
      await run.waitForReplies('URESTART', 1, (texts) => texts[0] === 'echo: before the restart');
      await run.restart(1);
      await run.deliver(1, first, { retryNum: 1 });
      await run.dm(1, 'URESTART', 'after the restart');
      await run.waitForReplies('URESTART', 2, (texts) => texts.includes('echo: after the restart'));
      expect(run.repliesTo('URESTART')).toEqual(['echo: before the restart', 'echo: after the restart']);
      expect(requestsOf(run, 'before the restart')).toHaveLength(1);
    });
  });

  describe(`a rate limit of 5 a minute on two processes on ${name}`, { timeout: 4 * REPLICA_WAIT_MS }, () => {
    let space: Namespace;
    let run: Replicas;
    beforeAll(async () => {
      space = await namespace();
      run = await startReplicas(space.url, { RATE_LIMIT_PER_MINUTE: '5' });
    }, 2 * REPLICA_WAIT_MS);
    afterAll(async () => {
      await run?.close();
      await space?.cleanup();
    });

    it('answers 5 of 10 messages split over both and tells the person about the other 5', async () => {
      for (let i = 0; i < 10; i++) {
        await run.dm(i % 2, 'URATE', `rate ${i}`);
        await run.waitForReplies('URATE', i + 1);
      }
      const replies = run.repliesTo('URATE');
      expect(replies.slice(0, 5)).toEqual(Array.from({ length: 5 }, (_, i) => `echo: rate ${i}`));
      for (const refusal of replies.slice(5)) expect(refusal).toMatch(/faster than 5 a minute/);
      expect(requestsOf(run, 'rate')).toHaveLength(5);
    });
  });
}
