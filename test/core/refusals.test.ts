import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRejected, ModelRejected, userMessageFor } from '../../src/core/index.js';
import { turnProblems } from '../../src/core/history-rules.js';
import { dm, dmKey, startCore, type CoreHarness } from '../support/core-harness.js';

const key = dmKey('ana');
const ask = (text: string) => ({ address: dm('ana'), text });
const failureOf = (core: CoreHarness, text: string) => core.parley.send(ask(text)).then(() => undefined, (error: unknown) => error);

describe('refusals say what to do', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore();
    await core.parley.send(ask('first'));
  });
  afterEach(() => core.close());

  it('offers /reset when the API refuses a message of the stored history', async () => {
    core.fake.reply({ error: { status: 400, message: 'messages.1.content.0: something in the history' } });
    const failure = await failureOf(core, 'second');
    expect(failure).toBeInstanceOf(HistoryRejected);
    expect(userMessageFor(failure)).toMatch(/stored history.*\/reset starts it afresh/);
  });

  it('asks to rephrase, without /reset, when the API refuses the new message', async () => {
    core.fake.reply({ error: { status: 400, message: 'messages.2.content.0: something in the new message' } });
    const failure = await failureOf(core, 'second');
    expect(failure).toBeInstanceOf(ModelRejected);
    expect(userMessageFor(failure)).toBe("Claude couldn't accept that message. Nothing was saved; please try rephrasing it.");
  });

  it('points a refused API key to the setting, not to the conversation', async () => {
    core.fake.reply({ error: { status: 401, type: 'authentication_error' } });
    expect(userMessageFor(await failureOf(core, 'second'))).toMatch(/check ANTHROPIC_API_KEY/);
  });
});

describe('the validator that guards every commit', () => {
  it('accepts a whole turn and names each rule a broken one breaks', () => {
    expect(turnProblems([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }])).toEqual([]);
    expect(
      turnProblems([
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'text', text: ' \n' }, { type: 'tool_use', id: 't1', name: 'calculator', input: {} }] },
      ]),
    ).toEqual(['message 2: a whitespace-only text block', 'message 2: a tool_use with no tool_result (id t1; it must be answered in message 3)']);
    expect(turnProblems([{ role: 'user', content: 'hi' }])).toContain('the turn does not end with an answer');
  });
});
