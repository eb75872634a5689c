// Two cores on one store behave as one: what the table measured lost or duplicated.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationChanged, userMessageFor, type ConversationStore } from '../../src/core/index.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { dm, dmKey, startCore, textsOf, type CoreHarness } from '../support/core-harness.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';


/** The user texts of a request, in order (the last one is the new message). */
const userTexts = (messages: Array<{ role: string; content: unknown }>) => textsOf(messages.filter((message) => message.role === 'user'));

for (const [name, namespace] of sharedStores()) {
  describe(`two cores on one ${name}`, () => {
    let fake: FakeAnthropic;
    let space: Namespace;
    let one: CoreHarness;
    let two: CoreHarness;
    beforeEach(async () => {
      fake = await startFakeAnthropic();
      space = await namespace();
      one = await startCore({ storeUrl: space.url, fake });
      two = await startCore({ storeUrl: space.url, fake });
    });
    afterEach(async () => {
      await one.close();
      await two.close();
      await fake.close();
      await space.cleanup();
    });

    it('see each other’s turns at once, even with the history cached', async () => {
      const key = dmKey('alice');
      for (let i = 0; i < 6; i++) await (i % 2 === 0 ? one : two).parley.send({ address: dm('alice'), text: `m${i}` });
      expect(userTexts(fake.lastRequest().body.messages)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect((await one.store.readHead(key))?.turns).toBe(6);
    });

    it('forget a conversation reset on the other', async () => {
      const key = dmKey('alice');
      await one.parley.send({ address: dm('alice'), text: 'remember this' });
      await one.parley.send({ address: dm('alice'), text: 'and this' });
      expect(await two.parley.reset(key, 'alice')).toBe(true);
      await one.parley.send({ address: dm('alice'), text: 'fresh start' });
      expect(userTexts(fake.lastRequest().body.messages)).toEqual(['fresh start']);
    });

    it('keep all twenty messages sent at once over both, one turn at a time, each built on every earlier one', async () => {
      fake.latencyMs = 5;
      const key = dmKey('alice');
      const texts = Array.from({ length: 20 }, (_, i) => `message ${i}`);
      await Promise.all(texts.map((text, i) => (i % 2 === 0 ? one : two).parley.send({ address: dm('alice'), text })));
      const turns = await one.store.readTurns(key, 0, 20);
      const stored = turns.map((turn) => turn.messages[0]!.content as string);
      expect([...stored].sort()).toEqual([...texts].sort());
      // Request k carried exactly the k stored exchanges before it, in order: nothing lost, nothing twice.
      const requests = fake.requests.map((request) => userTexts(request.body.messages));
      expect(requests).toHaveLength(20);
      for (const request of requests) expect(request).toEqual(stored.slice(0, request.length));
    });

    it('claim a delivery once between them', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? one : two).parley.firstDelivery('slack:event:Ev1')));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}

describe('fenced commit', () => {
  it('refuses a turn whose conversation moved on before it committed, stores nothing, and asks the person to send again', async () => {
    const core = await startCore();
    try {
      const key = dmKey('alice');
      await core.parley.send({ address: dm('alice'), text: 'first' });
      // Another process commits between this turn's start and its commit, as when a lease lapsed.
      const store: ConversationStore = core.store;
      const commit = store.commitTurn.bind(store);
      let intruded = false;
      store.commitTurn = async (k, turn, head, expected) => {
        if (!intruded) {
          intruded = true;
          const current = await store.readHead(k);
          await commit(k, { ...turn, messages: [{ role: 'user', content: 'elsewhere' }, { role: 'assistant', content: 'ok' }] }, { ...head, revision: 'other-process' }, current?.revision ?? '');
        }
        return commit(k, turn, head, expected);
      };
      const failure = await core.parley.send({ address: dm('alice'), text: 'second' }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ConversationChanged);
      expect(userMessageFor(failure)).toMatch(/Please send it again/);
      const turns = await store.readTurns(key, 0, 3);
      expect(turns.map((turn) => turn.messages[0]!.content)).toEqual(['first', 'elsewhere']);
      // The next turn is built on what is really stored.
      await core.parley.send({ address: dm('alice'), text: 'third' });
      expect(userTexts(core.fake.lastRequest().body.messages)).toEqual(['first', 'elsewhere', 'third']);
    } finally {
      await core.close();
    }
  });
});
