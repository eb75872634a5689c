// The contract's steps for Slack, over test/slack/harness.ts: real Bolt in HTTP mode, signed Events API
// deliveries, the fake Web API and the fake Anthropic API.
import { envelope, fixture, mentionEvent, type EventEnvelope } from '../fakes/slack-events.js';
import { ALICE, BOB, GENERAL, startSlackHarness, waitFor, type SlackHarness } from '../slack/harness.js';
import type { ChatContractHarness, ExpectedAnswer, SentMessage } from './adapter-contract.js';

/** A Slack message of the contract, with where its answer goes. */
export interface SlackSent extends SentMessage {
  channel: string;
  /** The thread the answer is written in; undefined for a DM's top level. */
  thread: string | undefined;
  /** How many bot messages that place held before this message, so its answer is the next one. */
  before: number;
  envelope: EventEnvelope;
}

const OTHER_BOT = { user: 'U0OTHERBOT', botId: 'B0OTHER' };

/** Starts the Slack stack on fakes and wraps it in the contract's steps. */
export async function startSlackContractHarness(): Promise<ChatContractHarness<SlackSent>> {
  const h: SlackHarness = await startSlackHarness();
  const dmOf = (userId: string) => h.slack.dmChannelOf(userId);
  const placed = (channel: string, thread: string | undefined) => h.slack.thread(channel, thread).length;
  const answers = (sent: SlackSent) => h.slack.thread(sent.channel, sent.thread).slice(sent.before);
  const mention = async (user: string, text: string, follow?: SlackSent): Promise<SlackSent> => {
    const before = follow ? placed(GENERAL, follow.thread) : 0;
    const payload = await h.mention({ user, channel: GENERAL, text, ...(follow ? { threadTs: follow.thread } : {}) });
    // A top-level mention roots a thread: the answer, and every later message of it, go there.
    return { user, text, channel: GENERAL, thread: follow?.thread ?? payload.event.ts, before, envelope: payload };
  };

  return {
    users: { a: ALICE, b: BOB },
    fakeModel: h.model,
    async sendDm(user, text) {
      const before = placed(dmOf(user), undefined);
      const payload = await h.dm({ user, text });
      return { user, text, channel: dmOf(user), thread: undefined, before, envelope: payload };
    },
    sendMention: mention,
    // In Slack every channel conversation is a thread anyone in the channel can write in.
    sendInThread: (user, text) => mention(user, text),
    async answer(sent, expected) {
      const matches = matcher(expected);
      try {
        const reply = await waitFor(() => answers(sent).find((message) => !message.streaming && matches(message.text)), 'the answer');
        return reply.text;
      } catch {
        throw new Error(`expected an answer to "${sent.text}" matching ${String(expected)}; the bot wrote ${JSON.stringify(answers(sent).map((m) => m.text))}`);
      }
    },
    async resetDm(user) {
      return String((await h.command('/reset', user, dmOf(user))).text ?? '');
    },
    async importDm(user, json) {
      // Slack: the file uploaded in the DM with the message "import" (a file_share message with files[]).
      const before = placed(dmOf(user), undefined);
      const file = h.slack.hostFile({ name: 'conversation.json', mimetype: 'application/json', data: json });
      await h.dm({ user, text: 'import', files: [file] });
      return (await waitFor(() => h.slack.thread(dmOf(user), undefined)[before], 'the import answer')).text;
    },
    async help(user) {
      // Slack has no /help (its slash namespace is shared by every app): `help` as a whole DM message.
      const before = placed(dmOf(user), undefined);
      await h.dm({ user, text: 'help' });
      return (await waitFor(() => h.slack.thread(dmOf(user), undefined)[before], 'the help answer')).text;
    },
    async exportDm(user) {
      await h.command('/export', user, dmOf(user));
      const files = await waitFor(() => {
        const delivered = h.slack.files.filter((file) => file.channel === dmOf(user));
        return delivered.length === 2 && delivered;
      }, 'the two exported files');
      return { json: contentOf(files, 'conversation.json'), markdown: contentOf(files, 'conversation.md') };
    },
    async sendOwnMessage(text) {
      // The captured echo of the bot's own answer in Alice's DM, as message.im delivers it.
      const own = { ...fixture('own_message'), text, blocks: [{ type: 'markdown', block_id: 'm1', text }] };
      await h.deliver(envelope(own));
    },
    async sendFromOtherBot(text) {
      const mention = mentionEvent({ user: OTHER_BOT.user, channel: GENERAL, text: `<@${h.slack.botUserId}> ${text}` });
      mention.event.bot_id = OTHER_BOT.botId;
      mention.event.bot_profile = { id: OTHER_BOT.botId, name: 'deploybot', app_id: 'A0OTHER', team_id: h.slack.teamId };
      await h.deliver(mention);
    },
    async redeliver(sent) {
      // Slack's retry: the same envelope (same event_id) with X-Slack-Retry-Num.
      await h.deliver(sent.envelope, { retryNum: 1, retryReason: 'http_timeout' });
    },
    repliesTo: (sent) => answers(sent).map((message) => message.text),
    refusePostsContaining: (fragment) => h.slack.refuseTextContaining(fragment),
    async resetAs(user, conversationOf) {
      // Slash commands cannot be run inside threads; `@bot reset` is the in-thread form.
      const seen = h.slack.ephemerals.length;
      await h.mention({ user, channel: conversationOf.channel, threadTs: conversationOf.thread!, text: 'reset' });
      const told = await waitFor(() => h.slack.ephemerals.slice(seen).find((e) => e.user === user && e.threadTs === conversationOf.thread), 'the private answer to reset');
      return told.text;
    },
    close: () => h.close(),
  };
}

function matcher(expected: ExpectedAnswer): (text: string) => boolean {
  return typeof expected === 'string' ? (text) => text === expected : expected;
}

function contentOf(files: { filename: string; content: string }[], name: string): string {
  const file = files.find((candidate) => candidate.filename === name);
  if (!file) throw new Error(`no ${name} among ${files.map((f) => f.filename).join(', ')}`);
  return file.content;
}
