// The behaviours every chat adapter owes its users, written once and run against each adapter through
// a thin harness over that adapter's own test harness (real client library, fakes on 127.0.0.1).
// Assertions read what the fakes received: the model's requests, the posted replies, the delivered files.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailable, userMessageFor } from '../../src/core/index.js';
import type { FakeAnthropic, RecordedRequest } from '../fakes/anthropic-server.js';
import { textsOf } from '../support/core-harness.js';

/** A message a person sent; each harness extends it with what it needs to find the answer again. */
export interface SentMessage {
  readonly user: string;
  readonly text: string;
}

/** The two files of an export, as the person received them. */
export interface ExportedFiles {
  json: string;
  markdown: string;
}

/** What the bot's answer should be: the exact text, or a test of the final text. */
export type ExpectedAnswer = string | ((text: string) => boolean);

/** The steps every adapter offers, a one-to-one chat included (the terminal). */
export interface ContractHarness<S extends SentMessage = SentMessage> {
  /** Two people, A and B. */
  readonly users: { readonly a: string; readonly b: string };
  /** The fake Anthropic API behind the core (echoes the last user message unless scripted). */
  readonly fakeModel: FakeAnthropic;
  /** A person writes to the bot in their direct conversation with it. */
  sendDm(userId: string, text: string): Promise<S>;
  /** Waits for the bot's final answer to `sent`; rejects, showing what was answered, unless it is `expected`. */
  answer(sent: S, expected: ExpectedAnswer): Promise<string>;
  /** The person runs the reset command in their direct conversation; resolves with the private answer. */
  resetDm(userId: string): Promise<string>;
  /** The person hands the bot `json` as conversation.json to import in their direct conversation; resolves with the answer. */
  importDm(userId: string, json: string): Promise<string>;
  /** The person asks for help in their direct conversation; resolves with the private answer. */
  help(userId: string): Promise<string>;
  /** The person runs the export command in their direct conversation; resolves with the files they got. */
  exportDm(userId: string): Promise<ExportedFiles>;
  close(): Promise<void>;
}

/** The further steps of a chat platform, where other people and other bots share channels with the bot. */
export interface ChatContractHarness<S extends SentMessage = SentMessage> extends ContractHarness<S> {
  /** A person mentions the bot in a channel; with `follow`, as a continuation of the conversation `follow` is in. */
  sendMention(userId: string, text: string, follow?: S): Promise<S>;
  /** A person mentions the bot in a thread that everyone in it shares. */
  sendInThread(userId: string, text: string): Promise<S>;
  /** The platform delivers one of the bot's own messages back to it. */
  sendOwnMessage(text: string): Promise<void>;
  /** Another bot mentions this one in a channel. */
  sendFromOtherBot(text: string): Promise<void>;
  /** The platform delivers `sent` once more (a Slack retry, a Discord RESUME replay). */
  redeliver(sent: S): Promise<void>;
  /** The texts of every bot message answering `sent`, as the fake holds them now. */
  repliesTo(sent: S): string[];
  /** The platform refuses every post or edit of the bot whose text contains `fragment`. */
  refusePostsContaining(fragment: string): void;
  /** `userId` asks the bot to forget the conversation `conversationOf` is in, from inside it; resolves with the private answer. */
  resetAs(userId: string, conversationOf: S): Promise<string>;
}

/** The final answer of the default echo model to `text`, whatever name prefix a shared conversation adds. */
export function echoing(text: string): (answer: string) => boolean {
  const isEcho = (answer: string) => answer.startsWith('echo: ') && answer.endsWith(text);
  // Failure messages print the expectation.
  return Object.assign(isEcho, { toString: () => `an echo of ${JSON.stringify(text)}` });
}

/** The texts of the messages the model received in one request, oldest first. */
export function modelSaw(request: RecordedRequest): string[] {
  return textsOf(request.body.messages);
}

/** The messages of an exported JSON file as role/text pairs. */
export function exchangeOf(json: string): { role: string; text: string }[] {
  const { messages } = JSON.parse(json) as { messages: { role: string; content: unknown }[] };
  const texts = textsOf(messages);
  return messages.map((message, i) => ({ role: message.role, text: texts[i]! }));
}

/** Starts a harness before each test of the enclosing describe and closes it after; returns the current one. */
export function freshHarnessEach<H extends { close(): Promise<void> }>(makeHarness: () => Promise<H>): () => H {
  let current: H | undefined;
  // Only a harness that started is closed, and only once, even when the next one fails to start.
  let running: H | undefined;
  beforeEach(async () => {
    current = running = await makeHarness();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  return () => {
    if (!current) throw new Error('no harness is running');
    return current;
  };
}

/**
 * Registers the contract for one adapter. A chat platform harness gets every behaviour; a harness of a
 * one-person chat (`'direct-only'`: no channels, no other authors, no redeliveries) gets those that apply.
 */
export function adapterContract<S extends SentMessage>(name: string, makeHarness: () => Promise<ChatContractHarness<S>>): void;
export function adapterContract<S extends SentMessage>(name: string, makeHarness: () => Promise<ContractHarness<S>>, scope: 'direct-only'): void;
export function adapterContract<S extends SentMessage>(name: string, makeHarness: () => Promise<ContractHarness<S> | ChatContractHarness<S>>, scope: 'chat' | 'direct-only' = 'chat'): void {
  describe(`the ${name} adapter contract`, () => {
    const current = freshHarnessEach(makeHarness);
    let h: ContractHarness<S>;
    beforeEach(() => void (h = current()));
    // Only reached for harnesses registered without 'direct-only', which the overloads type as chat harnesses.
    const chat = () => h as ChatContractHarness<S>;

    /** A later exchange of B's, answered only after everything delivered before it was handled. */
    const settle = async (text = 'marker') => {
      const marker = await h.sendDm(h.users.b, text);
      await h.answer(marker, echoing(text));
    };

    describe('a DM', () => {
      it('continues the same conversation: the second request holds the first exchange', async () => {
        const first = await h.sendDm(h.users.a, 'my name is Ada');
        await h.answer(first, 'echo: my name is Ada');
        const second = await h.sendDm(h.users.a, 'what is my name?');
        await h.answer(second, 'echo: what is my name?');

        expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['my name is Ada', 'echo: my name is Ada', 'what is my name?']);
      });

      it("of one user never reaches another user's conversation", async () => {
        const alphas = await h.sendDm(h.users.a, 'alpha secret');
        await h.answer(alphas, 'echo: alpha secret');
        const bravos = await h.sendDm(h.users.b, 'bravo hello');
        await h.answer(bravos, 'echo: bravo hello');

        expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['bravo hello']);
      });
    });

    describe('an export', () => {
      it("contains exactly the requester's conversation", async () => {
        const alphas = await h.sendDm(h.users.a, 'alpha fact');
        await h.answer(alphas, 'echo: alpha fact');
        const bravos = await h.sendDm(h.users.b, 'bravo fact');
        await h.answer(bravos, 'echo: bravo fact');

        const files = await h.exportDm(h.users.a);
        expect(exchangeOf(files.json)).toEqual([
          { role: 'user', text: 'alpha fact' },
          { role: 'assistant', text: 'echo: alpha fact' },
        ]);
        expect(files.markdown).toContain('alpha fact');
        expect(files.markdown).not.toContain('bravo fact');
      });
    });

    describe('a model error', () => {
      const unavailable = userMessageFor(new ModelUnavailable('overloaded', 529));

      it('reaches the user as its one-line explanation', async () => {
        h.fakeModel.reply({ error: { status: 529, type: 'overloaded_error' } });
        const sent = await h.sendDm(h.users.a, 'are you there?');
        expect(await h.answer(sent, unavailable)).toBe(unavailable);
      });

      it('leaves the next message working, without the failed turn in its history', async () => {
        h.fakeModel.reply({ error: { status: 529, type: 'overloaded_error' } });
        const failed = await h.sendDm(h.users.a, 'are you there?');
        await h.answer(failed, unavailable);
        const next = await h.sendDm(h.users.a, 'and now?');
        await h.answer(next, 'echo: and now?');

        expect(modelSaw(h.fakeModel.lastRequest())).toEqual(['and now?']);
      });
    });

    if (scope === 'direct-only') return;

    describe('messages not from a person', () => {
      it("ignores the bot's own messages: no model request", async () => {
        await chat().sendOwnMessage('echo: hello there');
        await settle();
        expect(h.fakeModel.requests.map(modelSaw)).toEqual([['marker']]);
      });

      it("ignores other bots' messages: no model request", async () => {
        await chat().sendFromOtherBot('deploy finished, over to you');
        await settle();
        expect(h.fakeModel.requests.map(modelSaw)).toEqual([['marker']]);
      });
    });

    describe('channel mentions', () => {
      it('from user A and from user B never share history', async () => {
        const alphas = await chat().sendMention(h.users.a, 'alpha plan');
        await h.answer(alphas, echoing('alpha plan'));
        const bravos = await chat().sendMention(h.users.b, 'bravo plan');
        await h.answer(bravos, echoing('bravo plan'));
        const bSaw = modelSaw(h.fakeModel.lastRequest());
        const again = await chat().sendMention(h.users.a, 'alpha again', alphas);
        await h.answer(again, echoing('alpha again'));
        const aSaw = modelSaw(h.fakeModel.lastRequest());

        expect(bSaw).toEqual([expect.stringContaining('bravo plan')]);
        expect(aSaw.join('\n')).toContain('alpha plan');
        expect(aSaw.join('\n')).not.toContain('bravo plan');
      });
    });

    describe('a reset', () => {
      it('asked by someone who never took part leaves the conversation intact', async () => {
        const alphas = await chat().sendInThread(h.users.a, 'alpha thread plan');
        await h.answer(alphas, echoing('alpha thread plan'));
        await chat().resetAs(h.users.b, alphas);
        const next = await chat().sendMention(h.users.a, 'where were we?', alphas);
        await h.answer(next, echoing('where were we?'));

        expect(modelSaw(h.fakeModel.lastRequest()).join('\n')).toContain('alpha thread plan');
      });
    });

    describe('a redelivered message', () => {
      it('is answered once', async () => {
        const sent = await h.sendDm(h.users.a, 'only once please');
        await h.answer(sent, 'echo: only once please');
        await chat().redeliver(sent);
        await settle();

        expect(chat().repliesTo(sent)).toEqual(['echo: only once please']);
        expect(h.fakeModel.requests.filter((request) => modelSaw(request).includes('only once please'))).toHaveLength(1);
      });
    });
  });
}
