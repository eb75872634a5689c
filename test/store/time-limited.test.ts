// Every store call has a time limit, and a store that stopped answering costs a turn one limit, not
// one per call: the calls after a timeout fail at once until the store answers again.
import { describe, expect, it } from 'vitest';
import { StoreResponsiveness, StoreTimeout, timeLimited } from '../../src/store/time-limited.js';

const LIMIT_MS = 50;

/** A port whose calls hang until released, as on a frozen server. */
function freezable() {
  let frozen = false;
  const waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let sent = 0;
  const port = {
    async read(value: string) {
      sent++;
      if (frozen) await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
      return value;
    },
  };
  return {
    port,
    get sent() {
      return sent;
    },
    freeze: () => void (frozen = true),
    thaw() {
      frozen = false;
      for (const call of waiting.splice(0)) call.resolve();
    },
    /** The pending calls fail on the client's side (a pool that gave up connecting); the server stays frozen. */
    failPending() {
      for (const call of waiting.splice(0)) call.reject(new Error('timeout exceeded when trying to connect'));
    },
  };
}

describe('store call time limits', () => {
  it('reject a call that does not answer in time with StoreTimeout', async () => {
    const server = freezable();
    const port = timeLimited(server.port, LIMIT_MS);
    server.freeze();
    await expect(port.read('x')).rejects.toBeInstanceOf(StoreTimeout);
  });

  it('fail the next calls without sending them once a call has timed out and none has succeeded', async () => {
    const server = freezable();
    const port = timeLimited(server.port, LIMIT_MS);
    server.freeze();
    await expect(port.read('first')).rejects.toMatchObject({ failedFast: false });
    const failures = await Promise.allSettled([port.read('second'), port.read('third')]);
    expect(failures.map((f) => f.status === 'rejected' && (f.reason as StoreTimeout).failedFast)).toEqual([true, true]);
    expect(server.sent).toBe(1);
  });

  it('let one call through per time limit to see whether the store is back', async () => {
    let clock = 0;
    const responsiveness = new StoreResponsiveness(LIMIT_MS, () => clock, 1);
    responsiveness.timedOut();
    expect(await responsiveness.admit()).toBe(false);
    clock += LIMIT_MS;
    expect(responsiveness.admit()).toBe(true);
    expect(await responsiveness.admit()).toBe(false);
  });

  it('send a waiting call after all when a pending call succeeds while it waits', async () => {
    const server = freezable();
    const port = timeLimited(server.port, LIMIT_MS, new StoreResponsiveness(LIMIT_MS, Date.now, 10_000));
    server.freeze();
    await expect(port.read('stuck')).rejects.toBeInstanceOf(StoreTimeout);
    const waiting = port.read('waiting');
    server.thaw();
    expect(await waiting).toBe('waiting');
    expect(server.sent).toBe(2);
  });

  it('answer normally again as soon as any call succeeds, even one that timed out', async () => {
    const server = freezable();
    const port = timeLimited(server.port, LIMIT_MS);
    server.freeze();
    const late = port.read('late').catch(() => undefined);
    await late;
    await expect(port.read('refused')).rejects.toMatchObject({ failedFast: true });
    server.thaw();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await port.read('back')).toBe('back');
  });

  it('keep failing calls unsent when a pending call fails on the client’s side, without an answer', async () => {
    const server = freezable();
    const port = timeLimited(server.port, LIMIT_MS);
    server.freeze();
    const stuck = port.read('stuck').catch(() => undefined);
    await expect(port.read('first')).rejects.toMatchObject({ failedFast: false });
    await stuck;
    server.failPending();
    await expect(port.read('next')).rejects.toMatchObject({ failedFast: true });
  });

  it('share what they learn between the ports of one connection', async () => {
    const conversations = freezable();
    const coordination = freezable();
    const responsiveness = new StoreResponsiveness(LIMIT_MS);
    const [a, b] = [timeLimited(conversations.port, LIMIT_MS, responsiveness), timeLimited(coordination.port, LIMIT_MS, responsiveness)];
    conversations.freeze();
    await expect(a.read('x')).rejects.toBeInstanceOf(StoreTimeout);
    await expect(b.read('y')).rejects.toMatchObject({ failedFast: true });
    expect(coordination.sent).toBe(0);
  });
});
