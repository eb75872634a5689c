import { afterEach, describe, expect, it } from 'vitest';
import { commandTable } from '../../src/commands/index.js';
import { startDiscordHarness, world, type DiscordHarness } from './harness.js';

const tableNames = commandTable.map((command) => command.name).sort();

describe('command registration at start-up', () => {
  let h: DiscordHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('registers the command table globally with one PUT, and a restart leaves the same set', async () => {
    h = await startDiscordHarness();
    const puts = h.rest.callsTo('PUT /applications/:id/commands');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toBe(`/applications/${world.applicationId}/commands`);
    const first = h.rest.commands.get('global')!;
    expect(first.map((c) => c.name).sort()).toEqual(tableNames);

    await h.restart();
    expect(h.rest.callsTo('PUT /applications/:id/commands')).toHaveLength(2);
    const second = h.rest.commands.get('global')!;
    expect(second.map((c) => c.name).sort()).toEqual(tableNames);
    expect(second.map((c) => c.id).sort()).toEqual(first.map((c) => c.id).sort());
  });

  it('registers in one guild only when a guild id is configured', async () => {
    h = await startDiscordHarness({ adapter: { guildId: world.guildId } });
    expect(h.rest.callsTo('PUT /applications/:id/guilds/:id/commands').map((c) => c.path)).toEqual([
      `/applications/${world.applicationId}/guilds/${world.guildId}/commands`,
    ]);
    expect(h.rest.callsTo('PUT /applications/:id/commands')).toHaveLength(0);
    expect(h.rest.commands.get(`guild:${world.guildId}`)!.map((c) => c.name).sort()).toEqual(tableNames);
  });

  it('offers the commands in guilds and in DMs with the bot', async () => {
    h = await startDiscordHarness();
    for (const command of h.rest.commands.get('global')!) expect(command.contexts).toEqual([0, 1]);
  });
});
