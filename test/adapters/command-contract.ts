// The commands of the one table, run the way each platform runs them, answering in the same words.
import { beforeEach, describe, expect, it } from 'vitest';
import { commandTable } from '../../src/commands/index.js';
import { freshHarnessEach, type ContractHarness, type SentMessage } from './adapter-contract.js';

/** Registers the command contract for one adapter; `platform` is how its help names it. */
export function commandContract<S extends SentMessage>(name: string, platform: string, makeHarness: () => Promise<ContractHarness<S>>): void {
  describe(`the commands on ${name}`, () => {
    const current = freshHarnessEach(makeHarness);
    let h: ContractHarness<S>;
    beforeEach(() => void (h = current()));

    it('help answers privately with what Parley does, one conversation, every command and where memory is kept', async () => {
      const help = await h.help(h.users.a);
      expect(help).toContain(`Parley brings Claude into ${platform}`);
      expect(help).toContain('One conversation: ');
      for (const command of commandTable) expect(help).toContain(command.description);
      expect(help).toMatch(/Memory: conversations are kept in Parley's own store/);
    });

    it('help is not sent to the model', async () => {
      await h.help(h.users.a);
      expect(h.fakeModel.requests).toHaveLength(0);
    });
  });
}
