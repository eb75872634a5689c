// The contract's steps for the terminal chat: one terminal adapter per person (the terminal is one
// person's DM with the bot), all on one real core over the fake Anthropic API, fed through streams.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createTerminalAdapter } from '../../src/adapters/terminal/index.js';
import { silentLogger } from '../../src/core/index.js';
import { waitFor } from '../fakes/slack-api.js';
import { startCore, tempDir } from '../support/core-harness.js';
import type { ContractHarness, SentMessage } from './adapter-contract.js';

/** A line typed into someone's terminal, and where its answer starts in their output. */
export interface TerminalSent extends SentMessage {
  from: number;
}

interface Session {
  input: PassThrough;
  output: () => string;
  stop(): Promise<void>;
}

// The adapter prints this before reading each line, so it also marks the end of the previous answer.
const PROMPT = '> ';

/** Starts the core and wraps terminal sessions in the contract's steps. */
export async function startTerminalContractHarness(): Promise<ContractHarness<TerminalSent>> {
  const core = await startCore();
  const dir = await tempDir();
  const sessions = new Map<string, Session>();
  let imports = 0;

  const sessionOf = async (userId: string): Promise<Session> => {
    const existing = sessions.get(userId);
    if (existing) return existing;
    const input = new PassThrough();
    let printed = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        printed += chunk.toString('utf8');
        done();
      },
    });
    const adapter = createTerminalAdapter({ userId, input, output, exportDir: join(dir.path, userId) }, { parley: core.parley, logger: silentLogger });
    await adapter.start();
    const session: Session = {
      input,
      output: () => printed,
      async stop() {
        input.end();
        await adapter.done;
        await adapter.stop();
      },
    };
    sessions.set(userId, session);
    return session;
  };

  /** Types a line and resolves with what was printed for it, once the next prompt shows. */
  const type = async (userId: string, line: string): Promise<{ from: number; session: Session }> => {
    const session = await sessionOf(userId);
    await waitFor(() => session.output().endsWith(PROMPT), 'the prompt');
    const from = session.output().length;
    session.input.write(`${line}\n`);
    return { from, session };
  };
  const printedSince = (session: Session, from: number) =>
    waitFor(() => {
      const after = session.output().slice(from);
      const end = after.lastIndexOf(PROMPT);
      return end >= 0 && after.slice(0, end);
    }, 'the answer and the next prompt');

  return {
    users: { a: 'ada', b: 'bob' },
    fakeModel: core.fake,
    async sendDm(user, text) {
      const { from } = await type(user, text);
      return { user, text, from };
    },
    async answer(sent, expected) {
      const session = await sessionOf(sent.user);
      const text = (await printedSince(session, sent.from)).trim();
      const matches = typeof expected === 'string' ? text === expected : expected(text);
      if (!matches) throw new Error(`expected an answer to "${sent.text}" matching ${String(expected)}; the terminal printed ${JSON.stringify(text)}`);
      return text;
    },
    async resetDm(user) {
      const { from, session } = await type(user, '/reset');
      return (await printedSince(session, from)).trim();
    },
    async importDm(user, json) {
      const path = join(dir.path, `${user}-import-${++imports}.json`);
      await writeFile(path, json);
      const { from, session } = await type(user, `/import ${path}`);
      return (await printedSince(session, from)).trim();
    },
    async help(user) {
      const { from, session } = await type(user, '/help');
      return (await printedSince(session, from)).trim();
    },
    async exportDm(user) {
      const { from, session } = await type(user, '/export');
      const said = await printedSince(session, from);
      const paths = /Saved as (\S+\.json) and (\S+\.md)\./.exec(said);
      if (!paths) throw new Error(`the terminal did not export: ${JSON.stringify(said)}`);
      return { json: await readFile(paths[1]!, 'utf8'), markdown: await readFile(paths[2]!, 'utf8') };
    },
    async close() {
      await Promise.all([...sessions.values()].map((session) => session.stop()));
      await core.close();
      await dir.cleanup();
    },
  };
}
