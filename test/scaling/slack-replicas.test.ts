// The table, measured again: two real Parley processes on one store (SQLite file, Redis,
// PostgreSQL), signed Slack deliveries alternating between them. 0 lost, 0 duplicated, 0 stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveredNote, resendLine } from '../../src/core/user-messages.js';
import { waitFor } from '../fakes/slack-api.js';
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

  describe(`kill -9 of one of two processes on one ${name} mid-turn`, { timeout: 4 * REPLICA_WAIT_MS }, () => {
    let space: Namespace;
    let run: Replicas;
    beforeAll(async () => {
      space = await namespace();
      // A short lease, so the dead process's messages and conversation are free again within seconds.
      run = await startReplicas(space.url, { RATE_LIMIT_PER_MINUTE: '0', LEASE_TTL_MS: '2000' });
    }, 2 * REPLICA_WAIT_MS);
    afterAll(async () => {
      await run?.close();
      await space?.cleanup();
    });

    it('answers every message it had acknowledged exactly once, marks the cut-off reply, and keeps the history whole', async () => {
      await run.dm(0, 'UKILL', 'kill before');
      await run.waitForReplies('UKILL', 1);
      // The next answer starts and then stalls in the model: the turn is in flight when the process dies,
      // with part of its reply already posted and a second message acknowledged and queued behind it.
      run.model.reply({ stallAfterHeaders: true, text: 'partial answer' });
      await run.dm(0, 'UKILL', 'kill during');
      await waitFor(() => run.slack.thread('DUKILL', undefined).some((message) => message.text === 'partial answer'), 'the partial reply', REPLICA_WAIT_MS);
      await run.dm(0, 'UKILL', 'kill queued');
      await run.kill(0);
      // The killed process comes back at once: it and the other one both look for its messages.
      await run.restart(0);
      await run.waitForReplies('UKILL', 4, (texts) => texts.some((text) => text.startsWith('echo: kill queued')));
      await run.dm(1, 'UKILL', 'kill after');
      await run.waitForReplies('UKILL', 5, (texts) => texts.includes('echo: kill after'));

      // The note names the time the message arrived, which only the processes know.
      const note = recoveredNote(new Date(0)).replace('00:00 UTC', 'HH:MM UTC');
      expect(run.repliesTo('UKILL').map((text) => text.replace(/\d\d:\d\d UTC/, 'HH:MM UTC'))).toEqual([
        'echo: kill before',
        'partial answer',
        `echo: kill during\n\n${note}`,
        `echo: kill queued\n\n${note}`,
        'echo: kill after',
      ]);
      // Every request carried every earlier committed exchange once, in order; the killed attempt committed nothing.
      expect(requestsOf(run, 'kill')).toEqual([
        ['kill before'],
        ['kill before', 'kill during'],
        ['kill before', 'kill during'],
        ['kill before', 'kill during', 'kill queued'],
        ['kill before', 'kill during', 'kill queued', 'kill after'],
      ]);
    });
  });

  describe(`kill -9 of one of two processes on one ${name}, with PENDING_MAX_AGE_MS=0`, { timeout: 4 * REPLICA_WAIT_MS }, () => {
    let space: Namespace;
    let run: Replicas;
    beforeAll(async () => {
      space = await namespace();
      // Every message a dead process held is too old to answer by the time another takes it.
      run = await startReplicas(space.url, { RATE_LIMIT_PER_MINUTE: '0', LEASE_TTL_MS: '2000', PENDING_MAX_AGE_MS: '0' });
    }, 2 * REPLICA_WAIT_MS);
    afterAll(async () => {
      await run?.close();
      await space?.cleanup();
    });

    it('tells the person to send again each message it had acknowledged, once, and stores none of them', async () => {
      await run.dm(0, 'UOLD', 'old before');
      await run.waitForReplies('UOLD', 1);
      run.model.reply({ stallAfterHeaders: true, text: 'partial answer' });
      await run.dm(0, 'UOLD', 'old during');
      await waitFor(() => run.model.requests.some((request) => textsOf(request.body.messages).at(-1) === 'old during'), 'the stalled request', REPLICA_WAIT_MS);
      await run.dm(0, 'UOLD', 'old queued');
      await run.kill(0);
      await run.waitForReplies('UOLD', 3, (texts) => texts.filter((text) => text.includes('Please send it again')).length === 2);
      await run.dm(1, 'UOLD', 'old after');
      await run.waitForReplies('UOLD', 4, (texts) => texts.includes('echo: old after'));

      const resend = resendLine(new Date(0)).replace('00:00 UTC', 'HH:MM UTC');
      expect(run.repliesTo('UOLD').filter((text) => text !== 'partial answer').map((text) => text.replace(/\d\d:\d\d UTC/, 'HH:MM UTC'))).toEqual([
        'echo: old before',
        resend,
        resend,
        'echo: old after',
      ]);
      expect(requestsOf(run, 'old').at(-1)).toEqual(['old before', 'old after']);
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
