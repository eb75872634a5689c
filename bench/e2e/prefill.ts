// Gives conversations a long past before a bot starts, written in each bot's own store format, so the
// per-turn cost at 1,000 turns is measured without driving 1,000 turns through the platform first
// (Discord's post-then-edit takes over a second per turn). The turns are what the platform path
// would have stored: the question with its marker, and the model's echo of it.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { conversationKey, type ConversationKey, type ModelMessage, type StoredTurn } from '../../src/core/index.js';
import { nextHead } from '../../src/core/conversation-head.js';
import { estimateTokens } from '../../src/core/token-estimate.js';
import { openStore } from '../../src/store/open-store.js';
import { revisionOf } from '../../src/core/index.js';
import type { BotKind, PlatformName } from './bot-process.js';
import { turnRef } from './history-check.js';
import { QUESTION } from './slack-rig.js';

// The fixtures' Slack team (test/fixtures/slack), which every benchmark DM carries.
const SLACK_TEAM = 'T0001';

/** The conversation a person's DM is in, as the bot names it. */
function parleyKey(platform: PlatformName, person: string): ConversationKey {
  return platform === 'slack'
    ? conversationKey({ platform: 'slack', workspaceId: SLACK_TEAM, userId: person, audience: 'dm' })
    : conversationKey({ platform: 'discord', workspaceId: '@dm', userId: person, audience: 'dm' });
}

/** The naive bots' record name: `<channel>:<user>`, with the DM channel each rig uses. */
function naiveKey(platform: PlatformName, person: string): string {
  return platform === 'slack' ? `D${person}:${person}` : `17${person.slice(2)}:${person}`;
}

function exchange(person: string, turn: number): [string, string] {
  const question = `${QUESTION} ${turnRef(person, turn)}`;
  return [question, `echo: ${question}`];
}

/** Writes `turns` past exchanges for each person into the store at `storeUrl`. */
export async function prefill(kind: BotKind, platform: PlatformName, storeUrl: string, people: readonly string[], turns: number): Promise<void> {
  if (kind === 'naive') return prefillNaive(platform, storeUrl, people, turns);
  const opened = await openStore(storeUrl);
  const store = opened.conversations;
  try {
    await Promise.all(
      people.map(async (person) => {
        const key = parleyKey(platform, person);
        let head;
        for (let index = 0; index < turns; index++) {
          const [question, answer] = exchange(person, index);
          const messages: ModelMessage[] = [
            { role: 'user', content: question },
            { role: 'assistant', content: [{ type: 'text', text: answer }] },
          ];
          const at = new Date(Date.now() - (turns - index) * 60_000);
          const turn: StoredTurn = { index, at: at.toISOString(), authorId: person, messages, usage: { inputTokens: 50, outputTokens: 25 }, tokens: estimateTokens(messages) };
          const expected = revisionOf(head);
          head = nextHead(head, turn, person, at);
          await store.commitTurn(key, turn, head, expected);
        }
      }),
    );
  } finally {
    await opened.close();
  }
}

async function prefillNaive(platform: PlatformName, storeUrl: string, people: readonly string[], turns: number): Promise<void> {
  const keyv = new Keyv<MessageParam[]>({ store: new KeyvSqlite(storeUrl) });
  try {
    for (const person of people) {
      const messages: MessageParam[] = [];
      for (let index = 0; index < turns; index++) {
        const [question, answer] = exchange(person, index);
        messages.push({ role: 'user', content: question }, { role: 'assistant', content: answer });
      }
      await keyv.set(naiveKey(platform, person), messages);
    }
  } finally {
    await keyv.disconnect();
  }
}
