import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelMessage } from '../../src/core/index.js';
import { openStore } from '../../src/store/open-store.js';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { tempDir, textsOf } from '../support/core-harness.js';
import { spawnParley, type ParleyProcess } from '../support/spawn-parley.js';
import { assertValidHistory } from '../support/valid-history.js';
import { signal, terminalKey } from './support.js';

describe('SIGKILL in the middle of a turn', { timeout: 60_000 }, () => {
  let fake: FakeAnthropic;
  let dir: { path: string; cleanup: () => Promise<void> };
  let dbFile: string;
  let run = 0;
  const start = () =>
    spawnParley({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fake.url, STORE_URL: `sqlite://${dbFile}`, MODEL_MAX_RETRIES: '0' }, dir.path);

  beforeAll(async () => {
    fake = await startFakeAnthropic();
    dir = await tempDir();
  });
  beforeEach(() => {
    fake.reset();
    dbFile = `${dir.path}/killed-${++run}.sqlite`;
  });
  afterAll(async () => {
    await fake.close();
    await dir.cleanup();
  });

  /** Sends a line and waits until its turn is committed (the terminal prints the prompt after `done`). */
  async function answered(chat: ParleyProcess, line: string, answer: RegExp): Promise<void> {
    chat.writeLine(line);
    await chat.waitFor(new RegExp(`${answer.source}\\n> `));
  }

  async function killWhenRequested(chat: ParleyProcess, requested: Promise<void>): Promise<void> {
    await requested;
    chat.child.kill('SIGKILL');
    expect(await chat.exited).toBeNull();
  }

  /** The stored history, read the way the next start reads it, with a user message appended. */
  async function storedHistoryThenNext(): Promise<ModelMessage[]> {
    const { conversations: store, close } = await openStore(`sqlite://${dbFile}`);
    try {
      const head = await store.readHead(terminalKey());
      const turns = head ? await store.readTurns(terminalKey(), 0, head.turns) : [];
      return [...turns.flatMap((turn) => turn.messages), { role: 'user', content: 'next' }];
    } finally {
      await close();
    }
  }

  it('between a tool_use and its tool_result: after restart the next request alternates, starts with user and answers every tool_use', async () => {
    const first = start();
    fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '6*7' } }] });
    await answered(first, 'what is 6*7?', /done: 42/);

    const secondModelRequest = signal();
    fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '1+1' } }] }, () => (secondModelRequest.resolve(), { hang: true }));
    first.writeLine('and 1+1?');
    await killWhenRequested(first, secondModelRequest.promise);
    // The tool ran and its result reached the model: the kill landed between tool_use and the answer.
    expect(JSON.stringify(fake.lastRequest().body.messages.at(-1))).toContain('tool_result');

    assertValidHistory(await storedHistoryThenNext());
    const restarted = start();
    await answered(restarted, 'still there?', /echo: still there\?/);
    const messages = fake.lastRequest().body.messages;
    assertValidHistory(messages);
    expect(textsOf(messages)[0]).toBe('what is 6*7?');
    expect(textsOf(messages).at(-1)).toBe('still there?');
    expect(JSON.stringify(messages)).not.toContain('and 1+1?');
    restarted.child.stdin!.end();
    expect(await restarted.exited).toBe(0);
  });

  it('while the first model request of a turn is open: the conversation loads and the turn can be sent again', async () => {
    const first = start();
    await answered(first, 'remember kiwi', /echo: remember kiwi/);
    const requested = signal();
    fake.reply(() => (requested.resolve(), { hang: true }));
    first.writeLine('what fruit?');
    await killWhenRequested(first, requested.promise);

    assertValidHistory(await storedHistoryThenNext());
    const restarted = start();
    await answered(restarted, 'what fruit?', /echo: what fruit\?/);
    const messages = fake.lastRequest().body.messages;
    assertValidHistory(messages);
    expect(textsOf(messages)).toEqual(['remember kiwi', 'echo: remember kiwi', 'what fruit?']);
    restarted.child.stdin!.end();
    expect(await restarted.exited).toBe(0);
  });
});
