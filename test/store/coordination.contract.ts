import { describe, expect, it } from 'vitest';
import { useStorePair, type StorePair } from './conversation-store.contract.js';

// Long enough for a store round trip under load, short enough that a test waits for expiry quickly.
const SHORT_TTL_MS = 300;
const LONG_TTL_MS = 60_000;
const pastExpiry = () => new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS + 200));

/** The behaviours every Coordination must have, with two connections racing for each primitive. */
export function coordinationContract(name: string, openPair: () => Promise<StorePair>): void {
  describe(`${name} coordination`, () => {
    const pair = useStorePair(openPair);
    const a = () => pair().first.coordination;
    const b = () => pair().second.coordination;
    const either = (i: number) => (i % 2 === 0 ? a() : b());

    describe('leases', () => {
      it('are held by one token at a time', async () => {
        expect(await a().acquire('lease', 'one', LONG_TTL_MS)).toBe(true);
        expect(await b().acquire('lease', 'two', LONG_TTL_MS)).toBe(false);
        expect(await a().acquire('other lease', 'two', LONG_TTL_MS)).toBe(true);
      });

      it('go to exactly one of many racing acquirers on two connections', async () => {
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => either(i).acquire('raced', `token-${i}`, LONG_TTL_MS)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('are released only by their own token', async () => {
        await a().acquire('lease', 'one', LONG_TTL_MS);
        expect(await b().release('lease', 'two')).toBe(false);
        expect(await b().acquire('lease', 'two', LONG_TTL_MS)).toBe(false);
        expect(await b().release('lease', 'one')).toBe(true);
        expect(await b().acquire('lease', 'two', LONG_TTL_MS)).toBe(true);
      });

      it('lapse after their time to live, and the lapsed holder can neither renew nor release', async () => {
        await a().acquire('lease', 'one', SHORT_TTL_MS);
        await pastExpiry();
        expect(await b().acquire('lease', 'two', LONG_TTL_MS)).toBe(true);
        expect(await a().renew('lease', 'one', LONG_TTL_MS)).toBe(false);
        expect(await a().release('lease', 'one')).toBe(false);
        expect(await a().acquire('lease', 'three', LONG_TTL_MS)).toBe(false);
      });

      it('stay held while renewed', async () => {
        await a().acquire('lease', 'one', SHORT_TTL_MS);
        expect(await a().renew('lease', 'one', LONG_TTL_MS)).toBe(true);
        await pastExpiry();
        expect(await b().acquire('lease', 'two', LONG_TTL_MS)).toBe(false);
      });
    });

    describe('claims (set-if-absent with a time to live)', () => {
      it('succeed once per name', async () => {
        expect(await a().claim('event-1', LONG_TTL_MS)).toBe(true);
        expect(await b().claim('event-1', LONG_TTL_MS)).toBe(false);
        expect(await b().claim('event-2', LONG_TTL_MS)).toBe(true);
      });

      it('go to exactly one of many racing claimants on two connections', async () => {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => either(i).claim('raced-event', LONG_TTL_MS)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('can be claimed again once expired', async () => {
        await a().claim('event', SHORT_TTL_MS);
        await pastExpiry();
        expect(await b().claim('event', LONG_TTL_MS)).toBe(true);
      });

      it('claimed several at once answer each name as a claim of its own would, in the order asked', async () => {
        await a().claim('seen-before', LONG_TTL_MS);
        expect(await b().claimAll(['new-1', 'seen-before', 'new-2'], LONG_TTL_MS)).toEqual([true, false, true]);
        expect(await a().claim('new-2', LONG_TTL_MS)).toBe(false);
        expect(await a().claimAll([], LONG_TTL_MS)).toEqual([]);
      });

      it('claimed several at once, racing single claims on two connections, go to one winner per name', async () => {
        const names = ['event-a', 'message-a', 'event-b'];
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? either(i).claimAll(names, LONG_TTL_MS) : either(i).claim(names[i % names.length]!, LONG_TTL_MS).then((won) => names.map((n, j) => j === i % names.length && won)))),
        );
        for (let j = 0; j < names.length; j++) expect(results.filter((won) => won[j]).length).toBe(1);
      });

      it('claimed several at once, can be claimed again once expired', async () => {
        await a().claimAll(['old-event', 'old-message'], SHORT_TTL_MS);
        await pastExpiry();
        expect(await b().claimAll(['old-event', 'old-message'], LONG_TTL_MS)).toEqual([true, true]);
      });
    });

    describe('counters', () => {
      it('count every increment made at once on two connections, each seeing a distinct total', async () => {
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => either(i).increment('hits', 1, LONG_TTL_MS)));
        expect(results.map((r) => r.total).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(await b().counter('hits')).toBe(40);
      });

      it('keep the expiry their first increment set', async () => {
        const first = await a().increment('window', 5, LONG_TTL_MS);
        const second = await b().increment('window', 2, 10 * LONG_TTL_MS);
        expect(second.total).toBe(7);
        expect(second.expiresInMs).toBeLessThanOrEqual(first.expiresInMs);
        expect(second.expiresInMs).toBeGreaterThan(LONG_TTL_MS - 10_000);
      });

      it('start from zero once expired', async () => {
        await a().increment('window', 3, SHORT_TTL_MS);
        await pastExpiry();
        expect(await b().counter('window')).toBe(0);
        expect((await b().increment('window', 1, LONG_TTL_MS)).total).toBe(1);
      });

      it('read 0 when absent', async () => {
        expect(await a().counter('never')).toBe(0);
      });
    });

    describe('many counters in one step', () => {
      it('count every addition made at once on two connections', async () => {
        const additions = (i: number) => [
          { name: 'tokens', by: 3 + i, ttlMs: LONG_TTL_MS },
          { name: 'turns', by: 1, ttlMs: LONG_TTL_MS },
        ];
        await Promise.all(Array.from({ length: 30 }, (_, i) => either(i).incrementAll(additions(i))));
        const expected = Array.from({ length: 30 }, (_, i) => 3 + i).reduce((x, y) => x + y, 0);
        expect(await b().counters(['tokens', 'turns', 'never'])).toEqual([expected, 30, 0]);
      });

      it('add to the same counters as single increments do', async () => {
        await a().increment('shared', 5, LONG_TTL_MS);
        await b().incrementAll([{ name: 'shared', by: 2, ttlMs: LONG_TTL_MS }]);
        expect(await a().counter('shared')).toBe(7);
        expect((await b().increment('shared', 1, LONG_TTL_MS)).total).toBe(8);
      });

      it('give each counter its own expiry, kept by later additions', async () => {
        await a().incrementAll([
          { name: 'day', by: 4, ttlMs: SHORT_TTL_MS },
          { name: 'month', by: 4, ttlMs: LONG_TTL_MS },
        ]);
        await b().incrementAll([{ name: 'day', by: 1, ttlMs: LONG_TTL_MS }]);
        await pastExpiry();
        expect(await b().counters(['day', 'month'])).toEqual([0, 4]);
        await a().incrementAll([{ name: 'day', by: 2, ttlMs: LONG_TTL_MS }]);
        expect(await b().counters(['month', 'day'])).toEqual([4, 2]);
      });

      it('read nothing for no names', async () => {
        await a().incrementAll([]);
        expect(await a().counters([])).toEqual([]);
      });
    });

    describe('bounded sets', () => {
      it('list members least recently added first, once each', async () => {
        await a().addMember('s', 'x', 10);
        await b().addMember('s', 'y', 10);
        await a().addMember('s', 'x', 10);
        expect(await b().members('s')).toEqual(['y', 'x']);
      });

      it('keep only the newest members beyond the bound', async () => {
        for (const member of ['m1', 'm2', 'm3', 'm4']) await either(Number(member[1])).addMember('s', member, 2);
        expect(await a().members('s')).toEqual(['m3', 'm4']);
      });

      it('keep every member added at once on two connections', async () => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => either(i).addMember('s', `m${i}`, 100)));
        expect((await a().members('s')).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort());
      });

      it('remove members', async () => {
        for (const member of ['x', 'y', 'z']) await a().addMember('s', member, 10);
        await b().removeMembers('s', ['x', 'z', 'absent']);
        expect(await a().members('s')).toEqual(['y']);
        expect(await a().members('empty')).toEqual([]);
      });

      it('move a member with the value it was added with, to the end of the order', async () => {
        await a().addMember('s', 'x', 10, '{"text":"hi"}');
        await a().addMember('s', 'y', 10);
        expect(await b().moveMember('s', 'x', 'x2')).toEqual({ value: '{"text":"hi"}' });
        expect(await a().members('s')).toEqual(['y', 'x2']);
        expect(await a().moveMember('s', 'y', 'y2')).toEqual({ value: undefined });
        expect(await b().moveMember('s', 'x2', 'x3')).toEqual({ value: '{"text":"hi"}' });
      });

      it('move nothing, and create nothing, when the member is absent', async () => {
        await a().addMember('s', 'to', 10, 'kept');
        expect(await b().moveMember('s', 'absent', 'to')).toBeUndefined();
        expect(await b().moveMember('empty', 'absent', 'to')).toBeUndefined();
        expect(await a().members('s')).toEqual(['to']);
        expect(await a().moveMember('s', 'to', 'back')).toEqual({ value: 'kept' });
      });

      it('move a member to exactly one of many racing movers on two connections', async () => {
        await a().addMember('s', 'contested', 10, 'payload');
        const moved = await Promise.all(Array.from({ length: 10 }, (_, i) => either(i).moveMember('s', 'contested', `mover-${i}`)));
        expect(moved.filter((result) => result !== undefined)).toEqual([{ value: 'payload' }]);
        expect(await a().members('s')).toEqual([`mover-${moved.findIndex((result) => result !== undefined)}`]);
      });

      it('replace the value of a member added again, and of one moved onto', async () => {
        await a().addMember('s', 'x', 10, 'first');
        await b().addMember('s', 'x', 10, 'second');
        await a().addMember('s', 'y', 10, 'other');
        expect(await a().moveMember('s', 'y', 'x')).toEqual({ value: 'other' });
        expect(await a().members('s')).toEqual(['x']);
        expect(await b().moveMember('s', 'x', 'z')).toEqual({ value: 'other' });
        await b().addMember('s', 'z', 10);
        expect(await a().moveMember('s', 'z', 'x')).toEqual({ value: undefined });
      });

      it('drop the values of removed and trimmed members', async () => {
        await a().addMember('s', 'removed', 10, 'gone');
        await b().removeMembers('s', ['removed']);
        await a().addMember('s', 'removed', 10);
        expect(await a().moveMember('s', 'removed', 'r')).toEqual({ value: undefined });
        await a().addMember('t', 'trimmed', 1, 'gone');
        await a().addMember('t', 'newer', 1, 'kept');
        expect(await b().members('t')).toEqual(['newer']);
        await b().addMember('t', 'trimmed', 2);
        expect(await a().moveMember('t', 'trimmed', 't')).toEqual({ value: undefined });
        expect(await a().moveMember('t', 'newer', 'n')).toEqual({ value: 'kept' });
      });
    });
  });
}
