import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clockTool } from '../../examples/custom-tool.js';
import { dm, dmKey, startCore, type CoreHarness } from '../support/core-harness.js';

describe('examples/custom-tool.ts', () => {
  let core: CoreHarness;
  beforeEach(async () => {
    core = await startCore({ tools: [clockTool] });
  });
  afterEach(() => core.close());

  it('is offered to the model with its JSON schema', async () => {
    await core.parley.send({ address: dm('a'), text: 'hi' });
    expect(core.fake.lastRequest().body.tools).toEqual([
      expect.objectContaining({ name: 'clock', input_schema: expect.objectContaining({ required: ['timeZone'] }) }),
    ]);
  });

  it('answers a call with the time, and an unknown zone with an error result', async () => {
    core.fake.reply({ toolUses: [{ name: 'clock', input: { timeZone: 'UTC' } }, { name: 'clock', input: { timeZone: 'Mars/Olympus' } }] });
    await core.parley.send({ address: dm('a'), text: 'time?' });
    const results = core.fake.lastRequest().body.messages.at(-1).content;
    expect(results[0]).toMatchObject({ content: expect.stringContaining(String(new Date().getUTCFullYear())) });
    expect(results[1]).toMatchObject({ is_error: true });
  });
});
