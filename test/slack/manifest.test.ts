import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slackSlashCommands } from '../../src/commands/index.js';

interface Manifest {
  features: { slash_commands?: { command: string; description: string }[] };
  oauth_config: { scopes: { bot: string[] } };
}

const manifest = parse(readFileSync(new URL('../../slack-manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('slack-manifest.yaml', () => {
  it("declares exactly the command table's Slack slash commands, with the table's descriptions", () => {
    const declared = (manifest.features.slash_commands ?? []).map(({ command, description }) => ({ command, description }));
    const table = slackSlashCommands().map((command) => ({ command: `/${command.name}`, description: command.description }));
    expect(declared).toEqual(table);
  });

  it('asks for the commands scope the slash commands need', () => {
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });
});
