// Sends turns through a platform rig: people talking at once, each waiting for their answer before
// the next message, and counts what never came back.
import type { RemoteFakeModel } from '../fake-model.js';
import type { PlatformName, RunningBot } from './bot-process.js';
import type { DiscordRig } from './discord-rig.js';
import type { SlackRig } from './slack-rig.js';

/** Rigs and the fake model, shared by every measurement of a run. */
export interface Rigs {
  fake: RemoteFakeModel;
  slack: SlackRig;
  discord: DiscordRig;
}

/** One turn in flight: its answer and (Slack) its acknowledgement, ms after sending. */
export interface Sent {
  acked?: Promise<number>;
  answered: Promise<number>;
}

// A turn whose answer has not appeared by then counts as lost (the bot may just be very slow).
export const ANSWER_TIMEOUT_MS = 30_000;

let nextTag = 0;

/** `count` people never seen before, named for the platform (Slack user ids, Discord snowflakes). */
export function freshPeople(platform: PlatformName, count: number): string[] {
  const tag = nextTag++;
  return Array.from({ length: count }, (_, n) =>
    platform === 'slack' ? `UB${tag.toString(36).toUpperCase()}X${n}` : String(1_200_000_000_000_000_000n + BigInt(tag) * 100_000n + BigInt(n)),
  );
}

/** Sends one turn through the bot's platform. */
export function sendTurn(rigs: Rigs, bot: RunningBot, person: string, turn: number): Sent {
  if (bot.platform === 'slack') return rigs.slack.send(person, turn, ANSWER_TIMEOUT_MS);
  return rigs.discord.send(person, turn, ANSWER_TIMEOUT_MS);
}

/** What a batch of conversations produced. */
export interface DriveResult {
  turns: number;
  /** ms from sending to the complete answer, per answered turn. */
  answered: number[];
  /** ms from sending to the HTTP acknowledgement (Slack only). */
  acked: number[];
  lost: number;
  failedAcks: number;
  wallMs: number;
}

/**
 * Each person sends `turns` messages (numbered from `firstTurn`), each after the answer to the last;
 * `concurrency` people at a time. `spreadMs` spaces the first messages out (people do not press
 * Enter in the same millisecond).
 */
export async function converse(rigs: Rigs, bot: RunningBot, people: readonly string[], turns: number, options: { firstTurn?: number; concurrency?: number; spreadMs?: number } = {}): Promise<DriveResult> {
  const first = options.firstTurn ?? 0;
  const concurrency = Math.min(people.length, options.concurrency ?? people.length);
  const result: DriveResult = { turns: 0, answered: [], acked: [], lost: 0, failedAcks: 0, wallMs: 0 };
  const started = performance.now();
  let next = 0;
  const worker = async (slot: number) => {
    if (options.spreadMs) await delay((slot * options.spreadMs) / concurrency);
    while (next < people.length) {
      const person = people[next++]!;
      for (let turn = first; turn < first + turns; turn++) {
        const sent = sendTurn(rigs, bot, person, turn);
        result.turns++;
        const [answered, acked] = await Promise.allSettled([sent.answered, sent.acked ?? Promise.resolve(Number.NaN)]);
        if (acked.status === 'fulfilled') {
          if (!Number.isNaN(acked.value)) result.acked.push(acked.value);
        } else result.failedAcks++;
        if (answered.status === 'fulfilled') result.answered.push(answered.value);
        else {
          result.lost++;
          // A lost answer breaks the rest of this conversation's history; go on to the next person.
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, slot) => worker(slot)));
  result.wallMs = performance.now() - started;
  return result;
}

/** Sends one message from each person, spaced evenly over `overMs`, without waiting for answers. */
export async function burst(rigs: Rigs, bot: RunningBot, people: readonly string[], overMs: number): Promise<DriveResult> {
  const started = performance.now();
  const sent: Sent[] = [];
  for (let i = 0; i < people.length; i++) {
    const wait = started + (i * overMs) / people.length - performance.now();
    if (wait > 1) await delay(wait);
    sent.push(sendTurn(rigs, bot, people[i]!, 0));
  }
  const result: DriveResult = { turns: people.length, answered: [], acked: [], lost: 0, failedAcks: 0, wallMs: 0 };
  await Promise.all(
    sent.map(async (turn) => {
      const [answered, acked] = await Promise.allSettled([turn.answered, turn.acked ?? Promise.resolve(Number.NaN)]);
      if (acked.status === 'fulfilled') result.acked.push(acked.value);
      else result.failedAcks++;
      if (answered.status === 'fulfilled') result.answered.push(answered.value);
      else result.lost++;
    }),
  );
  result.wallMs = performance.now() - started;
  return result;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
