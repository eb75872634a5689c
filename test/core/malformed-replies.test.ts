import { afterEach, describe, expect, it } from 'vitest';
import { ModelUnavailable } from '../../src/core/index.js';
import { NO_TEXT_ANSWER } from '../../src/core/reply-view.js';
import { calculatorTool } from '../../src/tools/calculator-tool.js';
import { dm, dmKey, startCore, type CoreHarness, type CoreHarnessOptions } from '../support/core-harness.js';
import { seeTurn, storedTurns } from '../support/turns.js';
import { assertValidHistory } from '../support/valid-history.js';

// Every reply the API can send, through the real SDK, then one more turn: the fake enforces the API's
// rules, so a stored history it would refuse shows up as a rejection of that next request.
const key = dmKey('alice');
const ask = (text: string) => ({ address: dm('alice'), text });

let core: CoreHarness;
const start = async (options: CoreHarnessOptions = {}) => (core = await startCore({ tools: [calculatorTool], ...options }));
afterEach(() => core.close());

async function expectNextTurnAccepted(): Promise<void> {
  const next = await seeTurn(core.parley, ask('and next?'));
  expect(next.error).toBeUndefined();
  expect(next.shown).toBe('echo: and next?');
  expect(core.fake.rejections).toEqual([]);
  assertValidHistory(core.fake.lastRequest().body.messages);
}

describe('a reply cut by max_tokens inside a tool call', () => {
  it('keeps the text, drops the unfinished call and says it was cut off, to the person and in the store', async () => {
    await start();
    core.fake.reply({ cutInToolUse: { text: 'Let me add that up.', name: 'calculator', json: '{"expression": "17 * ' } });
    const turn = await seeTurn(core.parley, ask('what is 17 * 23?'));
    expect(turn.shown).toBe('Let me add that up.\n\n(My answer was cut off here: it reached its length limit. Ask me to continue.)');
    const [stored] = await storedTurns(core, key);
    expect(stored!.messages).toEqual([
      { role: 'user', content: 'what is 17 * 23?' },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me add that up.' }, { type: 'text', text: '\n\n(My answer was cut off here: it reached its length limit. Ask me to continue.)' }] },
    ]);
    await expectNextTurnAccepted();
  });

  it('stores the note alone when the call came first', async () => {
    await start();
    core.fake.reply({ cutInToolUse: { name: 'calculator', json: '{"expr' } });
    const turn = await seeTurn(core.parley, ask('sum it'));
    expect(turn.shown).toBe('(My answer was cut off here: it reached its length limit. Ask me to continue.)');
    expect((await storedTurns(core, key))[0]!.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: turn.shown }] });
    await expectNextTurnAccepted();
  });
});

describe('whitespace-only text', () => {
  it('stores and shows a placeholder for an answer of only blank lines', async () => {
    await start();
    core.fake.reply({ text: '\n\n' });
    const turn = await seeTurn(core.parley, ask('hello?'));
    expect(turn.shown).toBe(NO_TEXT_ANSWER);
    expect(turn.result!.text).toBe(NO_TEXT_ANSWER);
    expect((await storedTurns(core, key))[0]!.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: NO_TEXT_ANSWER }] });
    await expectNextTurnAccepted();
  });

  it('drops blank text before a tool call and keeps the call with its result', async () => {
    await start();
    core.fake.reply({ text: '\n\n', toolUses: [{ name: 'calculator', input: { expression: '2+2' }, id: 'toolu_ws' }] });
    const turn = await seeTurn(core.parley, ask('2+2?'));
    expect(turn.shown).toBe('done: 4');
    const [stored] = await storedTurns(core, key);
    expect(stored!.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_ws', name: 'calculator', input: { expression: '2+2' } }] });
    await expectNextTurnAccepted();
  });
});

describe('a stream that breaks', () => {
  it('retries an error event that came before any text, under the retry policy', async () => {
    await start({ maxRetries: 1 });
    core.fake.reply({ errorMidStream: { text: '' } });
    const turn = await seeTurn(core.parley, ask('are you there?'));
    expect(turn.shown).toBe('echo: are you there?');
    expect(core.fake.requestCount).toBe(2);
  });

  it('keeps the text shown before an error event, with a note, and stores it', async () => {
    await start({ maxRetries: 1 });
    core.fake.reply({ errorMidStream: { text: 'The answer is forty-two, because' } });
    const turn = await seeTurn(core.parley, ask('why?'));
    expect(turn.shown).toBe('The answer is fo\n\n(My answer was cut off here: the connection to Claude broke. Ask me to continue.)');
    expect(core.fake.requestCount).toBe(1);
    expect((await storedTurns(core, key))[0]!.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'The answer is fo' }, { type: 'text', text: '\n\n(My answer was cut off here: the connection to Claude broke. Ask me to continue.)' }],
    });
    await expectNextTurnAccepted();
  });

  it('keeps the text shown before the connection dropped, with a note', async () => {
    await start();
    core.fake.reply({ dropMidStream: { text: 'partial answer that never ends' } });
    const turn = await seeTurn(core.parley, ask('tell me'));
    expect(turn.shown).toBe('partial answer\n\n(My answer was cut off here: the connection to Claude broke. Ask me to continue.)');
    expect(await storedTurns(core, key)).toHaveLength(1);
    await expectNextTurnAccepted();
  });

  it('retries a 200 whose body is not JSON, and stores nothing when retries run out', async () => {
    await start({ maxRetries: 1 });
    core.fake.reply({ invalidJson: true });
    expect((await seeTurn(core.parley, ask('first'))).shown).toBe('echo: first');
    core.fake.reply({ invalidJson: true }, { invalidJson: true });
    const failed = await seeTurn(core.parley, ask('second'));
    expect(failed.error).toBeInstanceOf(ModelUnavailable);
    expect(failed.shown).toBe('');
    expect(await storedTurns(core, key)).toHaveLength(1);
    await expectNextTurnAccepted();
  });
});

describe('tool calls the core cannot run', () => {
  it('answers a call to an unknown tool with an is_error result the model sees', async () => {
    await start();
    core.fake.reply({ toolUses: [{ name: 'weather', input: { city: 'Oslo' }, id: 'toolu_unknown' }] });
    const turn = await seeTurn(core.parley, ask('weather in Oslo?'));
    expect(turn.shown).toBe('done: Error: there is no tool named "weather"');
    expect(core.fake.lastRequest().body.messages.at(-1).content[0]).toMatchObject({ tool_use_id: 'toolu_unknown', is_error: true });
    await expectNextTurnAccepted();
  });

  it('answers a call whose input is not valid JSON with an is_error result', async () => {
    await start();
    core.fake.reply({ toolUses: [{ name: 'calculator', input: {}, rawJson: '{"expression": 1+}', id: 'toolu_badjson' }] });
    await seeTurn(core.parley, ask('1+?'));
    expect(core.fake.lastRequest().body.messages.at(-1).content[0]).toMatchObject({ tool_use_id: 'toolu_badjson', is_error: true });
    await expectNextTurnAccepted();
  });
});
