// /import, the way back from /export, on every platform through its own form (Slack: the file in the DM
// with "import"; Discord: /import with a file option; terminal: /import PATH).
import { beforeEach, describe, expect, it } from 'vitest';
import { importWords } from '../../src/commands/import.js';
import { resetWords } from '../../src/commands/reset.js';
import { ImportRejected, userMessageFor } from '../../src/core/index.js';
import { echoing, freshHarnessEach, modelSaw, type ContractHarness, type SentMessage } from './adapter-contract.js';

/** Registers the import contract for one adapter. */
export function importContract<S extends SentMessage>(name: string, makeHarness: () => Promise<ContractHarness<S>>): void {
  describe(`/import on ${name}`, () => {
    const current = freshHarnessEach(makeHarness);
    let h: ContractHarness<S>;
    beforeEach(() => void (h = current()));

    const exchange = async (user: string, text: string) => {
      const sent = await h.sendDm(user, text);
      await h.answer(sent, echoing(text));
    };

    it('export → reset → import gives the same next request as before the reset', async () => {
      h.fakeModel.reply({ text: 'Let me add that up.', toolUses: [{ name: 'lookup', input: { q: '17+25' } }] });
      const asked = await h.sendDm(h.users.a, 'what is 17+25?');
      await h.answer(asked, (text) => text.startsWith('Let me add that up.\n\n'));
      await exchange(h.users.a, 'thanks');
      const { json } = await h.exportDm(h.users.a);
      await exchange(h.users.a, 'probe');
      const before = h.fakeModel.lastRequest().body.messages;

      expect(await h.resetDm(h.users.a)).toBe(resetWords.done);
      expect(await h.importDm(h.users.a, json)).toBe(importWords.done(6, 2));
      await exchange(h.users.a, 'probe');

      expect(h.fakeModel.lastRequest().body.messages).toEqual(before);
    });

    it('is refused into a conversation that is not empty, saying to reset first', async () => {
      await exchange(h.users.a, 'keep me');
      const { json } = await h.exportDm(h.users.a);
      const line = await h.importDm(h.users.a, json);
      expect(line).toBe(userMessageFor(new ImportRejected('this conversation already has 2 messages; /reset it first, then import')));
    });

    it('names the first problem and where it is, and stores nothing', async () => {
      const broken = JSON.stringify({
        format: 'parley.conversation',
        version: 1,
        exportedAt: '2026-01-01T00:00:00.000Z',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
          { role: 'user', content: 'no result here' },
          { role: 'assistant', content: 'ok' },
        ],
      });
      const line = await h.importDm(h.users.a, broken);
      expect(line).toBe(userMessageFor(new ImportRejected('message 2: a tool_use with no tool_result (id toolu_1; it must be answered in message 3)')));
      await exchange(h.users.a, 'fresh start?');
      expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['fresh start?']);
    });

    it("goes only into the invoker's own conversation", async () => {
      await exchange(h.users.a, 'alpha secret');
      const { json } = await h.exportDm(h.users.a);
      expect(await h.importDm(h.users.b, json)).toBe(importWords.done(2, 1));
      await exchange(h.users.a, 'still mine?');
      expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['alpha secret', 'echo: alpha secret', 'still mine?']);
      await exchange(h.users.b, 'what did I import?');
      expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['alpha secret', 'echo: alpha secret', 'what did I import?']);
    });
  });
}
