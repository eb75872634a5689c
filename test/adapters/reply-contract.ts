// What a person sees of a turn, asserted word for word and identically on every platform: the reply is
// built once in the core (ReplyBuilder) and each adapter only renders it.
import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryFailed, ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import { freshHarnessEach, type ChatContractHarness, type ContractHarness, type SentMessage } from './adapter-contract.js';

// The harnesses run the core with its default of 8 tool steps.
const MAX_TOOL_STEPS = 8;
const STEP_LIMIT_NOTE = `(I stopped after ${MAX_TOOL_STEPS} tool steps without reaching an answer.)`;
const lookup = (q: string) => ({ name: 'lookup', input: { q } });

/** Registers the reply contract for one adapter (`'direct-only'`: a one-person chat with no platform to refuse a post). */
export function replyContract<S extends SentMessage>(name: string, makeHarness: () => Promise<ContractHarness<S> | ChatContractHarness<S>>, scope: 'chat' | 'direct-only' = 'chat'): void {
  describe(`what a person sees on ${name}`, () => {
    const current = freshHarnessEach(makeHarness);
    let h: ContractHarness<S>;
    beforeEach(() => void (h = current()));
    const expectAnswer = async (text: string, expected: string) => {
      const sent = await h.sendDm(h.users.a, text);
      expect(await h.answer(sent, expected)).toBe(expected);
    };

    it('a plain answer is the model text', async () => {
      h.fakeModel.reply({ text: 'Four.' });
      await expectAnswer('what is 2+2?', 'Four.');
    });

    it('text written before a tool call stays, a paragraph above the text after it', async () => {
      h.fakeModel.reply({ text: 'Let me check.', toolUses: [lookup('x')] }, { text: 'The answer is 4.' });
      await expectAnswer('check something', 'Let me check.\n\nThe answer is 4.');
    });

    it('several tool calls over several steps leave only the words around them', async () => {
      h.fakeModel.reply({ text: 'Two lookups first.', toolUses: [lookup('a'), lookup('b')] }, { toolUses: [lookup('c')] }, { text: 'All three done.' });
      await expectAnswer('look three things up', 'Two lookups first.\n\nAll three done.');
    });

    it('the tool-step limit is noted once, after the text so far', async () => {
      h.fakeModel.reply({ text: 'Working on it.', toolUses: [lookup('1')] }, ...Array.from({ length: MAX_TOOL_STEPS - 1 }, (_, i) => ({ toolUses: [lookup(String(i + 2))] })));
      await expectAnswer('never stop', `Working on it.\n\n${STEP_LIMIT_NOTE}`);
    });

    it('a model error is its one-line explanation', async () => {
      h.fakeModel.reply({ error: { status: 529, type: 'overloaded_error' } });
      await expectAnswer('are you there?', userMessageFor(new ModelUnavailable('overloaded', 529)));
    });

    if (scope === 'direct-only') return;
    const chat = () => h as ChatContractHarness<S>;

    it('an answer the platform refuses to post leaves the person an error line', async () => {
      chat().refusePostsContaining('unpostable');
      h.fakeModel.reply({ text: 'an unpostable answer' });
      await expectAnswer('say it', userMessageFor(new DeliveryFailed('refused')));
    });

    it('in a shared thread, text before a tool call stays too', async () => {
      h.fakeModel.reply({ text: 'Let me check.', toolUses: [lookup('x')] }, { text: 'The answer is 4.' });
      const sent = await chat().sendInThread(h.users.a, 'check in the thread');
      expect(await h.answer(sent, 'Let me check.\n\nThe answer is 4.')).toBe('Let me check.\n\nThe answer is 4.');
    });
  });
}
