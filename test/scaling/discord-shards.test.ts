// Discord past one process: two real Parley processes on one bot token and one store, against a fake
// gateway that routes as Discord does (a guild's events to its shard, DMs to shard 0). Each message
// is answered once, none is lost, and every conversation's history holds each exchange once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsOf } from '../support/core-harness.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';
import { SHARD_WAIT_MS, startShardProcesses, type ShardPlace, type ShardWorld } from './discord-processes.js';

const ALICE = '1000000000000000511';
const BOB = '1000000000000000512';
const PLACES: Array<[string, ShardPlace]> = [
  ['guild on shard 0', { guild: 0 }],
  ['guild on shard 1', { guild: 1 }],
  ['DM', { dm: true }],
];

/** The user texts of every model request whose newest text starts with `tag`, each request's in order. */
const requestsTagged = (world: ShardWorld, tag: string) =>
  world.model.requests.map((request) => textsOf(request.body.messages.filter((message: { role: string }) => message.role === 'user'))).filter((texts) => texts.at(-1)?.startsWith(tag));

/** Sends `count` messages from `user` in `place` one after another, each once answered; returns their ids. */
async function conversation(world: ShardWorld, user: string, place: ShardPlace, tag: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const text = `${tag} ${i}`;
    const { id } = world.send(user, place, text);
    await world.answered(id, text);
    ids.push(id);
  }
  return ids;
}

/** Every later request of a conversation carries every earlier message exactly once, in order. */
function expectConsistentHistory(world: ShardWorld, tag: string, count: number): void {
  const requests = requestsTagged(world, tag);
  expect(requests).toHaveLength(count);
  requests.forEach((texts, i) => expect(texts).toEqual(Array.from({ length: i + 1 }, (_, k) => `${tag} ${k}`)));
}

function scenarios(name: string, shardEnv: Array<Record<string, string>>, sessionsPerEvent: number) {
  for (const [storeName, namespace] of sharedStores()) {
    describe(`${name} on one ${storeName}`, { timeout: 4 * SHARD_WAIT_MS }, () => {
      let space: Namespace;
      let world: ShardWorld;
      const sent: string[] = [];
      beforeAll(async () => {
        space = await namespace();
        world = await startShardProcesses(space.url, shardEnv);
      }, 2 * SHARD_WAIT_MS);
      afterAll(async () => {
        await world?.close();
        await space?.cleanup();
      });

      it('identifies each process with the shard its settings name', () => {
        expect(world.gateway.shards).toEqual(shardEnv.map((env) => (env.DISCORD_SHARDS ? [Number(env.DISCORD_SHARDS), Number(env.DISCORD_SHARD_COUNT)] : [0, 1])));
      });

      for (const [placeName, place] of PLACES) {
        it(`answers each message in a ${placeName} once, on a history of every earlier exchange`, async () => {
          const tag = `${placeName} seq`;
          const ids = await conversation(world, ALICE, place, tag, 5);
          sent.push(...ids);
          expectConsistentHistory(world, tag, 5);
        });
      }

      it('reaches the sessions Discord would send each message to', () => {
        for (const [, place] of PLACES) expect(world.send(BOB, place, 'routing probe').sessions).toBe(sessionsPerEvent);
      });

      it('answers messages sent at once in every place exactly once, none lost', async () => {
        const burst = PLACES.flatMap(([placeName, place]) => Array.from({ length: 4 }, (_, i) => ({ text: `${placeName} burst ${i}`, place })));
        const ids = burst.map(({ text, place }) => world.send(ALICE, place, text).id);
        await Promise.all(ids.map((id, i) => world.answered(id, burst[i]!.text)));
        sent.push(...ids);
      });

      it('leaves no message answered twice once both processes have finished', async () => {
        await world.stop();
        const answers = sent.map((id) => world.repliesTo(id).length);
        expect(answers).toEqual(sent.map(() => 1));
      });
    });
  }
}

scenarios('two shard processes (DISCORD_SHARD_COUNT=2, DISCORD_SHARDS=0 and 1)', [
  { DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '0' },
  { DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: '1' },
], 1);

scenarios('one token started twice by mistake (both on the same shard)', [{}, {}], 2);
