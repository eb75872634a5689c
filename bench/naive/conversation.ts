// The naive design the benchmarks compare against, as stateful-client examples write it: one keyv
// record per conversation holding the whole message array, read and rewritten whole every turn, and
// one non-streamed messages.create per turn. Shared by the naive Slack and Discord bots.
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/** What both naive bots read from the environment (the same names Parley reads). */
export interface NaiveSettings {
  storeUrl: string;
  model: string;
  maxTokens: number;
  systemPrompt: string;
  /** Same default as Parley's HISTORY_TOKEN_BUDGET, so both send requests of the same size. */
  historyTokenBudget: number;
}

/** Settings from the environment, with Parley's defaults. */
export function naiveSettings(env: NodeJS.ProcessEnv = process.env): NaiveSettings {
  return {
    storeUrl: env.STORE_URL ?? 'sqlite://naive.sqlite',
    model: env.ANTHROPIC_MODEL ?? 'claude-sonnet-5-5',
    maxTokens: Number(env.MAX_TOKENS ?? 1024),
    systemPrompt: env.SYSTEM_PROMPT ?? 'You are Parley, a helpful assistant in a team chat. Be concise.',
    historyTokenBudget: Number(env.HISTORY_TOKEN_BUDGET ?? 50_000),
  };
}

/** The naive conversation loop: load the whole record, ask once, write the whole record back. */
export function naiveConversations(settings: NaiveSettings) {
  const keyv = new Keyv<MessageParam[]>({ store: new KeyvSqlite(settings.storeUrl) });
  // The SDK reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL.
  const anthropic = new Anthropic();
  return {
    keyv,
    /** Answers one message of a conversation and returns the answer text. */
    async answer(conversation: string, text: string): Promise<string> {
      const messages = (await keyv.get(conversation)) ?? [];
      messages.push({ role: 'user', content: text });
      const reply = await anthropic.messages.create({
        model: settings.model,
        max_tokens: settings.maxTokens,
        system: settings.systemPrompt,
        messages: newestWithin(messages, settings.historyTokenBudget),
      });
      const answer = reply.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      messages.push({ role: 'assistant', content: answer });
      await keyv.set(conversation, messages);
      return answer;
    },
    close: () => keyv.disconnect(),
  };
}

/** The newest messages within a token budget (about 4 characters a token), starting with a user message. */
export function newestWithin(messages: MessageParam[], budget: number): MessageParam[] {
  let tokens = 0;
  let start = messages.length;
  while (start > 0) {
    const size = JSON.stringify(messages[start - 1]!.content).length / 4;
    if (tokens + size > budget) break;
    tokens += size;
    start--;
  }
  while (start < messages.length && messages[start]!.role !== 'user') start++;
  return messages.slice(start);
}
