import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

describe('an answer longer than 2,000 characters', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('arrives as several messages, each within the limit, code fences closed and reopened', async () => {
    const code = Array.from({ length: 90 }, (_, i) => `    print("line ${i} of the generated program")`).join('\n');
    const answer = `Here is the script:\n\n\`\`\`python\ndef main():\n${code}\n\`\`\`\n\nRun it with python3.`;
    h.anthropic.reply({ text: answer });
    const reply = await h.ask({ from: world.alice, in: { channel: world.general }, content: 'write a long script' });
    expect(reply.messages.length).toBeGreaterThan(1);
    expect(reply.messages[0]!.message_reference?.message_id).toBe(reply.messageId);
    for (const message of reply.messages) {
      expect(message.content.length).toBeLessThanOrEqual(2000);
      const fenceLines = message.content.split('\n').filter((line) => line.startsWith('```'));
      expect(fenceLines.length % 2).toBe(0);
    }
    expect(reply.messages[1]!.content.startsWith('```python\n')).toBe(true);
    expect(reply.messages.at(-1)!.content.endsWith('Run it with python3.')).toBe(true);
    // Every line of the program arrives, in order.
    const joined = reply.messages.map((m) => m.content).join('\n');
    for (let i = 0; i < 90; i++) expect(joined).toContain(`line ${i} of`);
  });
});
