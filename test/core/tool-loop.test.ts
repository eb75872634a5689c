import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/v4';
import { defineTool, type TurnEvent } from '../../src/core/index.js';
import { calculatorTool } from '../../src/tools/calculator-tool.js';
import { dm, dmKey, startCore, type CoreHarness } from '../support/core-harness.js';

const failing = defineTool({
  name: 'flaky',
  description: 'always fails',
  inputSchema: z.object({}),
  run: () => {
    throw new Error('the service is down');
  },
});

type Block = { type: string; tool_use_id?: string; content?: string; is_error?: boolean };
const toolResults = (request: { body: { messages: Array<{ role: string; content: unknown }> } }): Block[] =>
  (request.body.messages.at(-1)!.content as Block[]).filter((block) => block.type === 'tool_result');

describe('tool-use loop', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore({ tools: [calculatorTool, failing], maxToolSteps: 3 });
  });
  afterEach(() => core.close());

  it('runs a tool and sends its result back to the model', async () => {
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '2^10' }, id: 'toolu_1' }] }, { text: 'It is 1024.' });
    const result = await core.parley.send({ address: dm('a'), text: '2^10?' });
    expect(result.text).toBe('It is 1024.');
    expect(toolResults(core.fake.lastRequest())).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_1', content: '1024' }]);
  });

  it('runs several tool calls of one step and answers each', async () => {
    core.fake.reply({
      toolUses: [
        { name: 'calculator', input: { expression: '1+1' }, id: 'toolu_a' },
        { name: 'calculator', input: { expression: '2*3' }, id: 'toolu_b' },
      ],
    });
    const result = await core.parley.send({ address: dm('a'), text: 'two sums' });
    expect(toolResults(core.fake.lastRequest()).map((block) => [block.tool_use_id, block.content])).toEqual([
      ['toolu_a', '2'],
      ['toolu_b', '6'],
    ]);
    expect(result.toolCalls).toBe(2);
  });

  it('turns a throwing tool into an is_error result the model can recover from', async () => {
    core.fake.reply({ toolUses: [{ name: 'flaky', input: {} }] });
    await core.parley.send({ address: dm('a'), text: 'try it' });
    expect(toolResults(core.fake.lastRequest())[0]).toMatchObject({ is_error: true, content: expect.stringContaining('the service is down') });
  });

  it('turns invalid tool input into an is_error result', async () => {
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expr: 42 } }] });
    await core.parley.send({ address: dm('a'), text: 'bad input' });
    expect(toolResults(core.fake.lastRequest())[0]).toMatchObject({ is_error: true });
  });

  it('reports a calculator error to the model with its position', async () => {
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '1/0' } }] });
    await core.parley.send({ address: dm('a'), text: 'divide' });
    expect(toolResults(core.fake.lastRequest())[0]!.content).toMatch(/position/i);
  });

  it('stops after the step limit with a clear message and a valid history', async () => {
    const loop = { toolUses: [{ name: 'calculator', input: { expression: '1' } }] };
    core.fake.setDefault(loop);
    const result = await core.parley.send({ address: dm('a'), text: 'loop forever' });
    expect(result.stoppedAtStepLimit).toBe(true);
    expect(result.text).toContain('stopped after 3 tool steps');
    const [turn] = await core.store.readTurns(dmKey('a'), 0, 1);
    expect(turn!.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('reports tool progress as events', async () => {
    core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '3*3' } }] });
    const events: TurnEvent[] = [];
    for await (const event of core.parley.stream({ address: dm('a'), text: 'nine?' })) events.push(event);
    expect(events.filter((event) => event.type.startsWith('tool_'))).toMatchObject([
      { type: 'tool_started', name: 'calculator', input: { expression: '3*3' } },
      { type: 'tool_finished', name: 'calculator', isError: false, output: '9' },
    ]);
  });
});
