import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { tempDir } from '../support/core-harness.js';
import { spawnParley } from '../support/spawn-parley.js';
import { assertValidHistory } from '../support/valid-history.js';
import { signal, terminalKey } from './support.js';

describe('SIGTERM', { timeout: 60_000 }, () => {
  let fake: FakeAnthropic;
  let dir: { path: string; cleanup: () => Promise<void> };
  let dbFile: string;
  let run = 0;
  const start = (env: Record<string, string> = {}) =>
    spawnParley(
      { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fake.url, STORE_URL: `sqlite://${dbFile}`, MODEL_MAX_RETRIES: '0', ...env },
      dir.path,
    );
  const storedTurns = async () => {
    const { conversations: store, close } = await openStore(`sqlite://${dbFile}`);
    try {
      const head = await store.readHead(terminalKey());
      return head ? store.readTurns(terminalKey(), 0, head.turns) : [];
    } finally {
      await close();
    }
  };

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    dir = await tempDir();
  });
  beforeEach(() => {
    fake.reset();
    fake.latencyMs = 0;
    dbFile = `${dir.path}/term-${++run}.sqlite`;
  });
  afterAll(async () => {
    await fake.close();
    await dir.cleanup();
  });

  it('finishes a turn in flight within SHUTDOWN_TIMEOUT_MS, commits it whole, takes nothing new, closes the store and exits 0', async () => {
    const chat = start({ SHUTDOWN_TIMEOUT_MS: '15000' });
    const requested = signal();
    fake.latencyMs = 1_000;
    fake.reply(() => (requested.resolve(), { text: 'a slow but complete answer' }));
    chat.writeLine('take your time');
    await requested.promise;
    chat.child.kill('SIGTERM');
    chat.writeLine('sent after the signal');
    expect(await chat.exited).toBe(0);

    expect(chat.stdout()).toContain('a slow but complete answer');
    expect(fake.requestCount).toBe(1);
    const turns = await storedTurns();
    expect(turns).toHaveLength(1);
    expect(turns[0]!.messages).toHaveLength(2);
    assertValidHistory([...turns[0]!.messages, { role: 'user', content: 'next' }]);
    // SQLite folds the write-ahead log back and removes it when the last connection closes cleanly.
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
  });

  it('abandons a turn still running at the deadline: nothing stored, the user told to resend, exit 0', async () => {
    const chat = start({ SHUTDOWN_TIMEOUT_MS: '200' });
    const requested = signal();
    fake.reply(() => (requested.resolve(), { hang: true }));
    chat.writeLine('this will never be answered');
    await requested.promise;
    chat.child.kill('SIGTERM');
    expect(await chat.exited).toBe(0);

    expect(chat.stdout()).toContain("I'm restarting; please send that again in a minute.");
    expect(await storedTurns()).toEqual([]);
    expect(existsSync(`${dbFile}-wal`)).toBe(false);

    const again = start();
    again.writeLine('this will never be answered');
    await again.waitFor(/echo: this will never be answered/);
    again.child.stdin!.end();
    expect(await again.exited).toBe(0);
    assertValidHistory(fake.lastRequest().body.messages);
  });
});
