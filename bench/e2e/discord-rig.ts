// The driver's side of the Discord path: the fake gateway that delivers MESSAGE_CREATE to the bot and
// the fake REST API it answers through (test/fakes/), with a tracker that resolves a turn when a posted
// or edited message shows its whole answer.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../../test/fakes/discord-gateway.js';
import { startFakeDiscordRest, type FakeDiscordRest, type RecordedCall } from '../../test/fakes/discord-rest.js';
import { AnswerWaiters } from './answers.js';
import { turnRef } from './history-check.js';
import { QUESTION } from './slack-rig.js';

/** The fake Discord the bots are driven through. */
export interface DiscordRig {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  /** REST calls by route since the last reset (log-in and command registration excluded once reset). */
  counts: Map<string, number>;
  resetCounts(): void;
  /** Dispatches a DM from `person` (a snowflake); resolves with ms until a message showed the answer. */
  send(person: string, turn: number, timeoutMs: number): { answered: Promise<number> };
  clear(): void;
  close(): Promise<void>;
}

const fixture = createRequire(import.meta.url);
let nextMessageId = 1_400_000_000_000_000_000n;

/** Starts the fake gateway and REST API in this (the driver's) process. */
export async function startDiscordRig(): Promise<DiscordRig> {
  const botUser = fixture('../../test/fixtures/discord/bot-user.json') as Record<string, any>;
  const guild = fixture('../../test/fixtures/discord/guild-create.json') as Record<string, any>;
  const dm = fixture('../../test/fixtures/discord/message-create-dm.json') as Record<string, any>;
  const rest = await startFakeDiscordRest({ botUser, applicationId: botUser.id });
  const gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [guild] });
  rest.gatewayUrl = gateway.url;
  const counts = new Map<string, number>();
  const waiting = new AnswerWaiters();
  rest.calls.push = (...calls: RecordedCall[]) => {
    const at = performance.now();
    for (const call of calls) {
      counts.set(call.route, (counts.get(call.route) ?? 0) + 1);
      if (call.status !== 200 || typeof call.body?.content !== 'string' || !/messages/.test(call.route)) continue;
      waiting.seen(call.body.content, at);
    }
    return 0;
  };
  return {
    rest,
    gateway,
    counts,
    resetCounts: () => counts.clear(),
    send(person, turn, timeoutMs) {
      const ref = turnRef(person, turn);
      const id = String(nextMessageId++);
      const answered = waiting.expect(ref, timeoutMs);
      gateway.dispatch('MESSAGE_CREATE', {
        ...dm,
        id,
        nonce: id,
        timestamp: new Date().toISOString(),
        // One DM channel per person, as Discord has.
        channel_id: `17${person.slice(2)}`,
        author: { ...dm.author, id: person, username: `person${person.slice(-6)}`, global_name: null },
        content: `${QUESTION} ${ref}`,
      });
      return { answered };
    },
    clear() {
      waiting.clear();
      rest.messages.clear();
    },
    async close() {
      await Promise.all([rest.close(), gateway.close()]);
    },
  };
}
