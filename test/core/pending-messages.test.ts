// Acknowledged means durable: a message a process took and then died with is answered by another
// process, once, or the person is asked to send it again. Several "processes" share one memory store;
// killing one cuts it off from the store mid-call, as kill -9 does.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics, silentLogger, type ConversationStore, type Coordination, type Metrics } from '../../src/core/index.js';
import { PendingMessages, type PendingRecovery } from '../../src/core/pending-messages.js';
import { recoveredNote } from '../../src/core/user-messages.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { dm, dmKey, startCore, type CoreHarness } from '../support/core-harness.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';
import { seeTurn } from '../support/turns.js';

const TTL_MS = 1_000;
const MAX_AGE_MS = 60_000;

/** Whether a test process is still alive; `dieAfter` kills it as soon as a matching store call completes. */
interface Life {
  dead: boolean;
  dieAfter?: (call: string) => boolean;
  /** Called when `dieAfter` killed it. */
  onDeath?: () => void;
}

/** A store seen through a process that can be killed: once it is dead, none of its calls ever completes. */
function killable<T extends object>(target: T, life: Life): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (life.dead) return new Promise(() => undefined);
        const result = await value.apply(object, args);
        if (life.dieAfter?.(String(property))) {
          life.dead = true;
          life.onDeath?.();
        }
        return result;
      };
    },
  });
}

/** One process's pending messages on the shared store, with what its handler was given. */
interface TestProcess {
  pending: PendingMessages;
  recovered: Array<{ payload: unknown; recovery: PendingRecovery }>;
  readonly dead: boolean;
  kill(): void;
  /** Resolves when a `dieAfter` step killed the process. */
  died: Promise<void>;
}

describe('messages acknowledged by a process that died', () => {
  let clock: number;
  let store: Store;
  let processes: TestProcess[];
  let metrics: Metrics;
  const startProcess = (handle: (payload: unknown) => Promise<void> = async () => undefined, dieAfter?: Life['dieAfter']): TestProcess => {
    let onDeath: () => void = () => undefined;
    const died = new Promise<void>((resolve) => (onDeath = resolve));
    const life: Life = { dead: false, onDeath, ...(dieAfter ? { dieAfter } : {}) };
    const conversations = killable<ConversationStore>(store.conversations, life);
    const coordination = killable<Coordination>(store.coordination, life);
    const pending = new PendingMessages(conversations, coordination, silentLogger, { ownerTtlMs: TTL_MS, maxAgeMs: MAX_AGE_MS, now: () => clock, metrics });
    const recovered: TestProcess['recovered'] = [];
    pending.handle('slack', async (payload, recovery) => {
      recovered.push({ payload, recovery });
      await handle(payload);
    });
    const process: TestProcess = {
      pending,
      recovered,
      get dead() {
        return life.dead;
      },
      kill: () => void (life.dead = true),
      died,
    };
    processes.push(process);
    return process;
  };
  const idle = async () => {
    // The sweeps each start() began; a later explicit sweep then sees the store as the test left it.
    for (const process of processes) if (!process.dead) await process.pending.sweep();
  };

  beforeEach(async () => {
    clock = Date.UTC(2026, 11, 1, 14, 2);
    store = await openStore('memory://', { now: () => clock });
    processes = [];
    metrics = createMetrics();
  });
  afterEach(async () => {
    for (const process of processes) process.kill();
    await store.close();
  });

  it('are left alone while the process that holds them is alive', async () => {
    const owner = startProcess();
    const other = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'still mine' });
    await idle();
    expect(await other.pending.sweep()).toBe(0);
    expect(other.recovered).toEqual([]);
  });

  it('are answered by exactly one of the living processes once the dead one’s lease lapsed', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'answer me' });
    owner.kill();
    const survivors = [startProcess(), startProcess(), startProcess()];
    await idle();
    expect(survivors.flatMap((process) => process.recovered)).toEqual([]);
    clock += TTL_MS + 1;
    const taken = await Promise.all(survivors.map((process) => process.pending.sweep()));
    expect(taken.reduce((sum, count) => sum + count, 0)).toBe(1);
    const recovered = survivors.flatMap((process) => process.recovered);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.payload).toEqual({ text: 'answer me' });
    expect(recovered[0]!.recovery.action).toBe('answer');
    expect(recovered[0]!.recovery.receivedAt.getTime()).toBe(clock - TTL_MS - 1);
    expect(metrics.snapshot()['recovered_messages.answer']).toBe(1);
  });

  it('are not answered again once the process that answered them settled them', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'answered' });
    const rescuer = startProcess();
    owner.kill();
    clock += TTL_MS + 1;
    await idle();
    expect(rescuer.recovered).toHaveLength(1);
    await rescuer.pending.close();
    const later = startProcess();
    clock += TTL_MS + 1;
    expect(await later.pending.sweep()).toBe(0);
    expect(later.recovered).toEqual([]);
  });

  it('are forgotten when settled before the process died', async () => {
    const owner = startProcess();
    const hold = await owner.pending.hold('slack', 'm1', { text: 'done' });
    await hold.settle();
    owner.kill();
    const other = startProcess();
    clock += TTL_MS + 1;
    expect(await other.pending.sweep()).toBe(0);
    expect(other.recovered).toEqual([]);
  });

  it('ask the person to send it again when the message is older than the age limit', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'too old' });
    owner.kill();
    const other = startProcess();
    clock += MAX_AGE_MS + 1;
    await idle();
    expect(other.recovered).toHaveLength(1);
    expect(other.recovered[0]!.recovery.action).toBe('resend');
    expect(other.recovered[0]!.recovery.line).toMatch(/message of 14:02 UTC.*Please send it again/);
    expect(metrics.snapshot()['recovered_messages.resend']).toBe(1);
  });

  it('are taken again when the process that took them dies too', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'twice orphaned' });
    owner.kill();
    clock += TTL_MS + 1;
    const first = startProcess(() => new Promise(() => undefined));
    await idle();
    expect(first.recovered).toHaveLength(1);
    first.kill();
    const second = startProcess();
    await idle();
    expect(second.recovered).toEqual([]);
    clock += TTL_MS + 1;
    expect(await second.pending.sweep()).toBe(1);
    expect(second.recovered.map((entry) => entry.payload)).toEqual([{ text: 'twice orphaned' }]);
  });

  it('are taken again when the process taking them dies right after the takeover', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'orphaned mid-takeover' });
    owner.kill();
    clock += TTL_MS + 1;
    const dying = startProcess(undefined, (call) => call === 'moveMember');
    // Its first sweep, begun at start, never finishes: the process dies inside it.
    await dying.died;
    const heir = startProcess();
    clock += TTL_MS + 1;
    await idle();
    expect(heir.recovered.map((entry) => entry.payload)).toEqual([{ text: 'orphaned mid-takeover' }]);
  });

  it('are dropped once a day old', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'from yesterday' });
    owner.kill();
    const other = startProcess();
    clock += 24 * 60 * 60_000 + 1;
    expect(await other.pending.sweep()).toBe(0);
    expect(other.recovered).toEqual([]);
    expect(await store.coordination.members('held-messages')).toEqual([]);
  });

  describe('held by a version before set members carried values', () => {
    // Exactly what that version wrote: a record naming its owner, and a member `owner id` of its own set.
    const holdTheOldWay = async (owner: string, id: string, platform: string, payload: unknown) => {
      await store.conversations.writeRecord(`pending:${id}`, { platform, receivedAt: new Date(clock).toISOString(), owner, payload }, 24 * 60 * 60_000);
      await store.coordination.addMember('pending-messages', `${owner} ${id}`, 100_000);
    };

    it('are answered once by a live process, and forgotten once settled', async () => {
      await holdTheOldWay('old-owner', 'm0', 'slack', { text: 'before the upgrade' });
      const owner = startProcess();
      await owner.pending.hold('slack', 'm1', { text: 'after it' });
      owner.kill();
      clock += TTL_MS + 1;
      const rescuers = [startProcess(), startProcess()];
      await idle();
      expect(rescuers.flatMap((process) => process.recovered.map((entry) => entry.payload))).toEqual([{ text: 'before the upgrade' }, { text: 'after it' }]);
      for (const rescuer of rescuers) await rescuer.pending.close();
      expect(await store.coordination.members('pending-messages')).toEqual([]);
      expect(await store.conversations.readRecord('pending:m0')).toBeUndefined();
      const later = startProcess();
      clock += TTL_MS + 1;
      expect(await later.pending.sweep()).toBe(0);
    });

    it('are left to processes of their own platform', async () => {
      await holdTheOldWay('old-owner', 'm1', 'discord', { text: 'for discord' });
      const slackOnly = startProcess();
      expect(await slackOnly.pending.sweep()).toBe(0);
      expect(await store.coordination.members('pending-messages')).toEqual(['old-owner m1']);
    });

    for (const step of ['addMember', 'writeRecord', 'removeMembers']) {
      it(`are taken again when the process taking them dies right after its ${step} of the takeover`, async () => {
        await holdTheOldWay('old-owner', 'm1', 'slack', { text: 'orphaned mid-takeover' });
        const dying = startProcess(undefined, (call) => call === step);
        await dying.died;
        const heir = startProcess();
        clock += TTL_MS + 1;
        await idle();
        expect(heir.recovered.map((entry) => entry.payload)).toEqual([{ text: 'orphaned mid-takeover' }]);
      });
    }
  });

  it('are answered one after another in the order they arrived', async () => {
    const owner = startProcess();
    await owner.pending.hold('slack', 'm1', { text: 'first' });
    await owner.pending.hold('slack', 'm2', { text: 'second' });
    owner.kill();
    clock += TTL_MS + 1;
    let finishFirst!: () => void;
    const firstAnswered = new Promise<void>((resolve) => (finishFirst = resolve));
    const rescuer = startProcess((payload) => ((payload as { text: string }).text === 'first' ? firstAnswered : Promise.resolve()));
    await idle();
    expect(rescuer.recovered.map((entry) => entry.payload)).toEqual([{ text: 'first' }]);
    finishFirst();
    await rescuer.pending.close();
    expect(rescuer.recovered.map((entry) => entry.payload)).toEqual([{ text: 'first' }, { text: 'second' }]);
  });

  it('are left to processes of their own platform', async () => {
    const owner = startProcess();
    await owner.pending.hold('discord', 'm1', { text: 'for discord' });
    owner.kill();
    const slackOnly = startProcess();
    clock += TTL_MS + 1;
    expect(await slackOnly.pending.sweep()).toBe(0);
    expect(slackOnly.recovered).toEqual([]);
    // Without taking the dead process's lease: a Discord process takes the message at once.
    const discord = startProcess();
    const recovered: unknown[] = [];
    discord.pending.handle('discord', async (payload) => void recovered.push(payload));
    expect(await discord.pending.sweep()).toBe(1);
    expect(recovered).toEqual([{ text: 'for discord' }]);
  });
});

describe('answering a recovered message', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
  });
  afterEach(() => core.close());

  const receivedAt = '2026-12-01T14:02:00.000Z';
  const message = (recovered: boolean) => ({
    address: dm('alice'),
    text: 'what was cut off',
    sourceId: 'test:alice:1',
    ...(recovered ? { recovered: { receivedAt } } : {}),
  });

  it('ends the answer with a note that an earlier reply to it was cut off', async () => {
    const seen = await seeTurn(core.parley, message(true));
    expect(seen.shown).toBe(`echo: what was cut off\n\n${recoveredNote(new Date(receivedAt))}`);
    expect(core.fake.requestCount).toBe(1);
  });

  it('shows again, without asking the model twice or storing it twice, a turn the dead process had committed', async () => {
    await seeTurn(core.parley, message(false));
    const seen = await seeTurn(core.parley, message(true));
    expect(seen.shown).toBe(`echo: what was cut off\n\n${recoveredNote(new Date(receivedAt))}`);
    expect(core.fake.requestCount).toBe(1);
    expect((await core.store.readHead(dmKey('alice')))?.turns).toBe(1);
  });
});

// What an older version left in a real store (its own record and member formats) is taken over and
// settled there too; an owner that never held a lease counts as dead at once, so no clock is needed.
for (const [name, namespace] of sharedStores()) {
  describe(`messages held the old way in ${name}`, () => {
    let opened: Namespace;
    let store: Store;
    beforeEach(async () => {
      opened = await namespace();
      store = await openStore(opened.url);
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('are answered, the owner’s new ones after them, and forgotten once settled', async () => {
      const receivedAt = new Date().toISOString();
      await store.conversations.writeRecord('pending:m0', { platform: 'slack', receivedAt, owner: 'old-owner', payload: { text: 'before the upgrade' } }, 60_000);
      await store.coordination.addMember('pending-messages', 'old-owner m0', 100_000);
      await store.coordination.addMember('held-messages', 'old-owner slack m1', 100_000, JSON.stringify({ receivedAt, payload: { text: 'after it' } }));
      const answered: unknown[] = [];
      const pending = new PendingMessages(store.conversations, store.coordination, silentLogger, { ownerTtlMs: 60_000 });
      pending.handle('slack', async (payload) => void answered.push(payload));
      await pending.sweep();
      await pending.close();
      expect(answered).toEqual([{ text: 'before the upgrade' }, { text: 'after it' }]);
      expect(await store.coordination.members('pending-messages')).toEqual([]);
      expect(await store.coordination.members('held-messages')).toEqual([]);
      expect(await store.conversations.readRecord('pending:m0')).toBeUndefined();
    });
  });
}
