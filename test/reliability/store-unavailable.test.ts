import Keyv from 'keyv';
import sqlite3 from 'sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailable, userMessageFor, type ConversationStore } from '../../src/core/index.js';
import { createKeyvConversationStore } from '../../src/store/keyv-conversation-store.js';
import { tempDir, textsOf } from '../support/core-harness.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';
import { assertValidHistory } from '../support/valid-history.js';
import { dmFrom, keyOf, failureOf, startGuardedCore, type GuardedCore } from './support.js';

/** Another connection holding SQLite's exclusive lock on `file` until released, as a second process would. */
async function lockExclusively(file: string, setup = ''): Promise<() => Promise<void>> {
  const db = new sqlite3.Database(file);
  const exec = (sql: string) => new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  await exec(`${setup} BEGIN EXCLUSIVE;`);
  return async () => {
    await exec('ROLLBACK;');
    await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
  };
}

const STORE_LINE = "I can't reach my memory store right now, so this message wasn't kept and I won't remember it. Please send it again shortly.";

describe('store unavailable at start-up', { timeout: 60_000 }, () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir.cleanup());

  it('exits 1 with one readable line naming STORE_URL when nothing listens at a Redis URL, instead of hanging', async () => {
    const startedAt = Date.now();
    const chat = spawnParley({ ANTHROPIC_API_KEY: 'sk-ant-test-key', STORE_URL: 'redis://127.0.0.1:1' }, dir.path);
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toMatch(/^Parley cannot start: cannot open the store at redis:\/\/127\.0\.0\.1:1 \(STORE_URL\): .+\n$/);
    // Recorded for the reader, not asserted: timing targets live in the benchmarks.
    console.info(`unreachable Redis: start-up stopped after ${Date.now() - startedAt} ms`);
  });

  it('exits 1 with one readable line naming STORE_URL when nothing listens at a PostgreSQL URL', async () => {
    const chat = spawnParley({ ANTHROPIC_API_KEY: 'sk-ant-test-key', STORE_URL: 'postgres://parley@127.0.0.1:1/parley' }, dir.path);
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toMatch(/^Parley cannot start: cannot open the store at postgres:\/\/parley@127\.0\.0\.1:1\/parley \(STORE_URL\): .+\n$/);
  });

  it('exits 1 with a readable line when another process holds the SQLite file exclusively', async () => {
    const file = `${dir.path}/locked.sqlite`;
    const release = await lockExclusively(file, 'PRAGMA journal_mode=DELETE; CREATE TABLE other(x); INSERT INTO other VALUES (1);');
    try {
      const chat = spawnParley({ ANTHROPIC_API_KEY: 'sk-ant-test-key', STORE_URL: `sqlite://${file}` }, dir.path);
      expect(await chat.exited).toBe(1);
      expect(chat.stderr()).toContain(`Parley cannot start: cannot open the store at sqlite://${file} (STORE_URL): SQLITE_BUSY: database is locked`);
      expect(chat.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await release();
    }
  });
});

describe('store busy at run time (spawned terminal chat)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();

  it('tells the user the message was not kept while the file is locked, and keeps the next one once it is free', async () => {
    const file = `${fixture.dir}/busy.sqlite`;
    const chat = spawnParley({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${file}`, MODEL_MAX_RETRIES: '0' }, fixture.dir);
    chat.writeLine('before');
    await chat.waitFor(/echo: before\n> /);
    const release = await lockExclusively(file);
    try {
      chat.writeLine('during the lock');
      await chat.waitFor(new RegExp(STORE_LINE.replace(/[.?*()]/g, '\\$&')));
    } finally {
      await release();
    }
    chat.writeLine('during the lock');
    await chat.waitFor(/echo: during the lock\n> /);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    const messages = fixture.fake.lastRequest().body.messages;
    assertValidHistory(messages);
    expect(textsOf(messages)).toEqual(['before', 'echo: before', 'during the lock']);
  });
});

describe('store failing at run time (core)', () => {
  let core: GuardedCore;
  let failing: Set<keyof ConversationStore>;
  afterEach(() => core.close());

  const startFlaky = async () => {
    core = await startGuardedCore({ cacheSize: 0 });
    failing = new Set();
    const store = core.store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of ['readHead', 'readTurns', 'commitTurn', 'deleteConversation'] as const) {
      const original = store[method]!.bind(store);
      store[method] = async (...args) => {
        if (failing.has(method)) throw new Error('SQLITE_IOERR: disk I/O error');
        return original(...args);
      };
    }
  };

  it('refuses with StoreUnavailable before asking the model when history cannot be read', async () => {
    await startFlaky();
    failing.add('readHead');
    const failure = await failureOf(core.parley, dmFrom({ user: 'U1' }, 'hello'));
    expect(failure).toBeInstanceOf(StoreUnavailable);
    expect(userMessageFor(failure)).toBe(STORE_LINE);
    expect(core.fake.requestCount).toBe(0);
  });

  it('says so when the answer cannot be saved, and the conversation carries on unharmed once the store is back', async () => {
    await startFlaky();
    await core.parley.send(dmFrom({ user: 'U1' }, 'one'));
    failing.add('commitTurn');
    expect(await failureOf(core.parley, dmFrom({ user: 'U1' }, 'lost?'))).toBeInstanceOf(StoreUnavailable);
    failing.clear();
    await core.parley.send(dmFrom({ user: 'U1' }, 'two'));
    assertValidHistory(core.fake.lastRequest().body.messages);
    expect(textsOf(core.fake.lastRequest().body.messages)).toEqual(['one', 'echo: one', 'two']);
    expect(core.metrics.snapshot()['errors.store_unavailable']).toBe(1);
  });

  it('reports StoreUnavailable, not success, when a reset cannot delete', async () => {
    await startFlaky();
    const message = dmFrom({ user: 'U1' }, 'keep me');
    await core.parley.send(message);
    failing.add('deleteConversation');
    await expect(core.parley.reset(keyOf(message), 'U1')).rejects.toBeInstanceOf(StoreUnavailable);
    failing.clear();
    expect((await core.store.readHead(keyOf(message)))?.turns).toBe(1);
  });
});

describe('store errors are never read as empty data', () => {
  class BrokenMap<K, V> extends Map<K, V> {
    override get(): never {
      throw new Error('SQLITE_IOERR: disk I/O error');
    }
    override set(): never {
      throw new Error('SQLITE_FULL: database or disk is full');
    }
  }

  it('fails a read instead of reporting no conversation (whose next turn would overwrite the real head)', async () => {
    const store = createKeyvConversationStore(new Keyv({ store: new BrokenMap() }));
    await expect(store.readHead(keyOf(dmFrom({ user: 'U1' }, '')))).rejects.toThrow('SQLITE_IOERR');
  });

  it('fails a write instead of reporting it done', async () => {
    // Reads work (the fenced commit reads the head first); only the write fails.
    class FullMap<K, V> extends Map<K, V> {
      override set(): never {
        throw new Error('SQLITE_FULL: database or disk is full');
      }
    }
    const store = createKeyvConversationStore(new Keyv({ store: new FullMap() }));
    const turn = { index: 0, at: '', authorId: 'U1', messages: [], usage: { inputTokens: 0, outputTokens: 0 }, tokens: 0 };
    const head = { turns: 1, messages: 0, createdAt: '', updatedAt: '', usage: { inputTokens: 0, outputTokens: 0 }, participants: ['U1'] };
    await expect(store.commitTurn(keyOf(dmFrom({ user: 'U1' }, '')), turn, head, '')).rejects.toThrow('SQLITE_FULL');
  });
});
