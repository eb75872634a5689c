// Acknowledged means durable on Discord too: a real Parley process killed with SIGKILL mid-turn, and
// started again on the same store, answers every message it had taken, once, marking the cut-off reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoveredNote } from '../../src/core/user-messages.js';
import { waitFor } from '../fakes/slack-api.js';
import { textsOf } from '../support/core-harness.js';
import { sharedStores, type Namespace } from '../support/real-servers.js';
import { SHARD_WAIT_MS, startShardProcesses, type ShardWorld } from './discord-processes.js';

const ALICE = '1000000000000000521';

for (const [name, namespace] of sharedStores()) {
  describe(`kill -9 of a Discord process mid-turn on one ${name}`, { timeout: 4 * SHARD_WAIT_MS }, () => {
    let space: Namespace;
    let world: ShardWorld;
    beforeAll(async () => {
      space = await namespace();
      // A short lease, so the dead process's messages and conversation are free again within seconds.
      world = await startShardProcesses(space.url, [{ LEASE_TTL_MS: '2000' }]);
    }, 2 * SHARD_WAIT_MS);
    afterAll(async () => {
      await world?.close();
      await space?.cleanup();
    });

    it('answers the message whose turn was in flight once, after the restart, with the note that the reply above was cut off', async () => {
      const before = world.send(ALICE, { guild: 0 }, 'kill before');
      await world.answered(before.id, 'kill before');
      world.model.reply({ stallAfterHeaders: true, text: 'partial answer' });
      const during = world.send(ALICE, { guild: 0 }, 'kill during');
      // Discord shows a reply in progress with a trailing "…".
      await waitFor(() => world.repliesTo(during.id).some((reply) => reply.content.startsWith('partial answer')), 'the partial reply', SHARD_WAIT_MS);
      await world.kill(0);
      await world.restart(0);
      await waitFor(() => world.repliesTo(during.id).some((reply) => reply.content.startsWith('echo: kill during')), 'the recovered answer', SHARD_WAIT_MS);
      const after = world.send(ALICE, { guild: 0 }, 'kill after');
      await world.answered(after.id, 'kill after');

      // The note names the time the message arrived, which only the process knows.
      const note = recoveredNote(new Date(0)).replace('00:00 UTC', 'HH:MM UTC');
      expect(world.repliesTo(during.id).map((reply) => reply.content.replace(/\d\d:\d\d UTC/, 'HH:MM UTC'))).toEqual(['partial answer …', `echo: kill during\n\n${note}`]);
      expect(world.repliesTo(after.id).map((reply) => reply.content)).toEqual(['echo: kill after']);
      const requests = world.model.requests.map((request) => textsOf(request.body.messages.filter((message: { role: string }) => message.role === 'user')));
      const speakerless = requests.map((texts) => texts.map((text) => text.replace(/^\[[^\]]*\]: /, '')));
      expect(speakerless.filter((texts) => texts.at(-1)?.startsWith('kill'))).toEqual([
        ['kill before'],
        ['kill before', 'kill during'],
        ['kill before', 'kill during'],
        ['kill before', 'kill during', 'kill after'],
      ]);
    });
  });
}
