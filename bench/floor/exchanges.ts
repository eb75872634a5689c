// What a turn's exchanges cost with nothing of a bot around them: the naive design's shape (one SQLite
// record per conversation rewritten whole, one model request, one post) over Parley's own HTTP path
// (lean-fetch), where each named part swaps one raw exchange for the SDK that normally makes it. The
// floor bots (slack.ts, discord.ts) are built on this; `compare.ts` runs them as `floor:<part>+<part>`.
// They answer the benchmark's turns and nothing else: no errors handled, no leases, no dedupe.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { Anthropic } from '../../src/core/anthropic-sdk.js';
import { createLeanFetch } from '../../src/http/lean-fetch.js';
import { openSqlite } from '../../src/store/sqlite-store.js';

/** The parts a floor bot may take from the SDKs; anything not named is a raw HTTP exchange. */
export type FloorPart = 'bolt' | 'web' | 'rest' | 'sdk' | 'stream' | 'status' | 'typing';
const PARTS: readonly FloorPart[] = ['bolt', 'web', 'rest', 'sdk', 'stream', 'status', 'typing'];

/** FLOOR_PARTS, e.g. `bolt+web+stream`; throws on an unknown name so a typo is not measured as raw. */
export function floorParts(value = process.env.FLOOR_PARTS ?? ''): Set<FloorPart> {
  const names = value.split('+').filter(Boolean);
  for (const name of names) if (!PARTS.includes(name as FloorPart)) throw new Error(`FLOOR_PARTS: unknown part ${name} (one of ${PARTS.join(', ')})`);
  return new Set(names as FloorPart[]);
}

/** Parley's own fetch, shared by every raw exchange and every SDK a floor bot uses. */
export const leanFetch = createLeanFetch();

/**
 * One SQLite record per conversation, read and rewritten whole (the naive design), on Parley's own
 * connection: the same driver, pragmas (WAL, synchronous=NORMAL) and statement cache as its store.
 */
export async function wholeRecordStore(storeUrl = process.env.STORE_URL ?? 'sqlite://floor.sqlite') {
  const { query } = await openSqlite(storeUrl.replace(/^sqlite:\/\//, ''));
  await query('CREATE TABLE IF NOT EXISTS conversations (key TEXT PRIMARY KEY, messages TEXT NOT NULL)');
  return {
    load: async (key: string): Promise<MessageParam[]> => {
      const [row] = (await query('SELECT messages FROM conversations WHERE key = ?', key)) as Array<{ messages: string }>;
      return JSON.parse(row?.messages ?? '[]') as MessageParam[];
    },
    save: async (key: string, messages: MessageParam[]): Promise<void> => {
      await query('INSERT INTO conversations (key, messages) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET messages = excluded.messages', key, JSON.stringify(messages));
    },
  };
}

/** The model request: raw JSON over lean-fetch, or the SDK's `messages.create`, non-streamed or streamed. */
export function modelAsker(parts: Set<FloorPart>): (messages: MessageParam[]) => Promise<string> {
  const params = { model: 'claude-sonnet-5-5', max_tokens: 1024, system: 'You are Parley, a helpful assistant in a team chat. Be concise.' };
  const baseUrl = (process.env.ANTHROPIC_BASE_URL ?? '').replace(/\/$/, '');
  const sdk = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY, baseURL: baseUrl, fetch: leanFetch, maxRetries: 0 });
  if (parts.has('stream'))
    return async (messages) => {
      let text = '';
      for await (const event of await sdk.messages.create({ ...params, messages, stream: true }))
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
      return text;
    };
  if (parts.has('sdk')) return async (messages) => textOf((await sdk.messages.create({ ...params, messages })).content);
  return async (messages) => {
    const response = await postJson(`${baseUrl}/v1/messages`, { 'x-api-key': process.env.ANTHROPIC_API_KEY ?? '', 'anthropic-version': '2023-06-01' }, { ...params, messages });
    return textOf((response as { content: Array<{ type: string; text?: string }> }).content);
  };
}

/** POSTs a JSON body through lean-fetch and returns the parsed answer. */
export async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<unknown> {
  const response = await leanFetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) });
  return response.status === 204 ? undefined : response.json();
}

function textOf(content: Array<{ type: string; text?: string }>): string {
  return content.map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}

/** The naive turn: load the record, ask, save it, post the answer. */
export async function floorTurn(parts: Set<FloorPart>, post: (channel: string, text: string) => Promise<unknown>) {
  const store = await wholeRecordStore();
  const ask = modelAsker(parts);
  return async (key: string, channel: string, text: string): Promise<void> => {
    const messages = await store.load(key);
    messages.push({ role: 'user', content: text });
    const answer = await ask(messages);
    messages.push({ role: 'assistant', content: answer });
    await store.save(key, messages);
    await post(channel, answer);
  };
}

/** Writes the ready line the benchmark's bot-process waits for. */
export function ready(port?: number): void {
  process.stderr.write(`${JSON.stringify({ event: 'naive.ready', ...(port === undefined ? {} : { port }) })}\n`);
}

/** Writes a failed turn where bot-process collects problems. */
export function failed(error: unknown): void {
  process.stderr.write(`${JSON.stringify({ event: 'naive.failed', error: String(error) })}\n`);
}
