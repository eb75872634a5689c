import { describe, expect, it } from 'vitest';
import { dm, dmKey, startCore, textsOf } from '../support/core-harness.js';

describe('history trimming', () => {
  it('drops the oldest whole exchanges to fit the token budget', async () => {
    const core = await startCore({ historyTokenBudget: 300 });
    try {
      const key = dmKey('alice');
      for (let i = 0; i < 10; i++) await core.parley.send({ address: dm('alice'), text: `message ${i} ${'x'.repeat(200)}` });
      const sent = core.fake.lastRequest().body.messages as Array<{ role: string; content: unknown }>;
      expect(sent.length).toBeLessThan(19);
      expect(sent[0]!.role).toBe('user');
      expect(textsOf(sent).at(-1)).toMatch(/^message 9/);
      expect(textsOf(sent)[0]).toMatch(/^message \d/);
    } finally {
      await core.close();
    }
  });

  it('never separates a tool_use from its tool_result', async () => {
    const core = await startCore({ historyTokenBudget: 400, tools: (await import('../../src/tools/index.js')).defaultTools });
    try {
      const key = dmKey('alice');
      for (let i = 0; i < 6; i++) {
        core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: `${i}+${'1+'.repeat(20)}1` } }] });
        await core.parley.send({ address: dm('alice'), text: `sum ${i}` });
      }
      for (const request of core.fake.requests) {
        const messages = request.body.messages as Array<{ role: string; content: Array<{ type: string; id?: string; tool_use_id?: string }> | string }>;
        expect(messages[0]!.role).toBe('user');
        expect(typeof messages[0]!.content === 'string' || messages[0]!.content.every((block) => block.type !== 'tool_result')).toBe(true);
        const uses = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_use').map((b) => b.id)));
        const results = messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id)));
        expect(results).toEqual(uses);
      }
    } finally {
      await core.close();
    }
  });

  it('keeps the full history in the store for export', async () => {
    const core = await startCore({ historyTokenBudget: 300 });
    try {
      const key = dmKey('alice');
      for (let i = 0; i < 10; i++) await core.parley.send({ address: dm('alice'), text: `message ${i} ${'x'.repeat(200)}` });
      const exported = await core.parley.exportConversation(key, 'alice');
      expect(exported!.messageCount).toBe(20);
    } finally {
      await core.close();
    }
  });

  it('after a restart, sends exactly what the process would have sent had it kept running', async () => {
    const { tempDir } = await import('../support/core-harness.js');
    const dir = await tempDir();
    const key = dmKey('alice');
    const say = (i: number) => ({ address: dm('alice'), text: `message ${i} ${'x'.repeat(200)}` });
    const steady = await startCore({ historyTokenBudget: 300 });
    for (let i = 0; i <= 10; i++) await steady.parley.send(say(i));
    const storeUrl = `sqlite://${dir.path}/bot.sqlite`;
    const first = await startCore({ historyTokenBudget: 300, storeUrl });
    for (let i = 0; i < 10; i++) await first.parley.send(say(i));
    await first.close();
    const second = await startCore({ historyTokenBudget: 300, storeUrl });
    await second.parley.send(say(10));
    const { system, messages } = second.fake.lastRequest().body;
    expect({ system, messages }).toEqual({ system: steady.fake.lastRequest().body.system, messages: steady.fake.lastRequest().body.messages });
    await Promise.all([second.close(), steady.close()]);
    await dir.cleanup();
  });
});
