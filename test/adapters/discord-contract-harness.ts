// The contract's steps for Discord, over test/discord/harness.ts: the real discord.js client against the
// fake REST API and gateway, and the fake Anthropic API.
import { newId, startDiscordHarness, world, type DiscordHarness, type TestMessage, type TestPlace, type TestUser } from '../discord/harness.js';
import type { ChatContractHarness, SentMessage } from './adapter-contract.js';

/** A Discord message of the contract: its id and the MESSAGE_CREATE it was built from. */
export interface DiscordSent extends SentMessage {
  id: string;
  message: TestMessage;
}

const people: Record<string, TestUser> = { [world.alice.id]: world.alice, [world.bob.id]: world.bob };

/** Starts the Discord stack on fakes and wraps it in the contract's steps. */
export async function startDiscordContractHarness(): Promise<ChatContractHarness<DiscordSent>> {
  const h: DiscordHarness = await startDiscordHarness();
  const person = (userId: string): TestUser => {
    const found = people[userId];
    if (!found) throw new Error(`no test user ${userId}`);
    return found;
  };
  const send = (userId: string, text: string, place: TestPlace): DiscordSent => {
    const message: TestMessage = { from: person(userId), in: place, content: text, id: newId() };
    return { user: userId, text, id: h.send(message), message };
  };
  // Every message the bot posted as a reply to `sent` (a long answer's follow-up pieces are not replies).
  const replies = (sent: DiscordSent) => [...h.rest.messages.values()].filter((m) => m.message_reference?.message_id === sent.id);

  return {
    users: { a: world.alice.id, b: world.bob.id },
    fakeModel: h.anthropic,
    sendDm: async (userId, text) => send(userId, text, { dm: true }),
    sendMention: async (userId, text, follow) => send(userId, text, follow?.message.in ?? { channel: world.general }),
    sendInThread: async (userId, text) => send(userId, text, { thread: world.thread }),
    async answer(sent, expected) {
      // The adapter logs discord.answered once the reply is posted in its final form.
      await h.handled(sent.id);
      const text = h.repliesTo(sent.id).map((m) => m.content).join('\n');
      const matches = typeof expected === 'string' ? text === expected : expected(text);
      if (!matches) throw new Error(`expected an answer to "${sent.text}" matching ${String(expected)}; the bot wrote ${JSON.stringify(text)}`);
      return text;
    },
    async resetDm(userId) {
      const { edit } = await h.command('reset', { from: person(userId), in: { dm: true } });
      return String(edit.body?.content ?? '');
    },
    async importDm(userId, json) {
      const attachment = h.rest.hostAttachment({ name: 'conversation.json', contentType: 'application/json; charset=utf-8', data: json });
      const { edit } = await h.command('import', { from: person(userId), in: { dm: true }, attachment });
      return String(edit.body?.content ?? '');
    },
    async help(userId) {
      const { edit } = await h.command('help', { from: person(userId), in: { dm: true } });
      return String(edit.body?.content ?? '');
    },
    async exportDm(userId) {
      const { edit } = await h.command('export', { from: person(userId), in: { dm: true } });
      const file = (name: string) => {
        const found = edit.files.find((f) => f.filename === name);
        if (!found) throw new Error(`no ${name} attached; the reply was ${JSON.stringify(edit.body)}`);
        return found.data.toString('utf8');
      };
      return { json: file('conversation.json'), markdown: file('conversation.md') };
    },
    async sendOwnMessage(text) {
      h.send({ from: world.bot, in: { dm: true }, content: text });
    },
    async sendFromOtherBot(text) {
      h.send({ from: world.otherBot, in: { channel: world.general }, content: text });
    },
    async redeliver(sent) {
      // A RESUME replays the same MESSAGE_CREATE, same id.
      h.send(sent.message);
    },
    repliesTo: (sent) => replies(sent).map((m) => m.content),
    refusePostsContaining: (fragment) => h.rest.refuseContentContaining(fragment),
    async resetAs(userId, conversationOf) {
      const { edit } = await h.command('reset', { from: person(userId), in: conversationOf.message.in });
      return String(edit.body?.content ?? '');
    },
    close: () => h.close(),
  };
}
