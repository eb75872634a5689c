import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../src/adapters/slack/', import.meta.url).pathname;
const FORBIDDEN = ['keyv', '@keyv/', '@anthropic-ai/sdk', 'discord.js', '/store/', '/config/', '/tools/'];

describe('the Slack adapter', () => {
  it('talks to the core only: no store, model SDK, config or other platform imports', () => {
    for (const file of readdirSync(ROOT).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      for (const target of imports) {
        expect(FORBIDDEN.filter((bad) => target.includes(bad)), `${file} imports ${target}`).toEqual([]);
        // Code shared by adapters (src/adapters/shared) is allowed, as for Discord.
        if (target.startsWith('../')) expect(['../../core/index.js', '../../commands/index.js', '../platform-adapter.js'].includes(target) || /^\.\.\/shared\/[\w-]+\.js$/.test(target), `${file} imports ${target}`).toBe(true);
      }
    }
  });
});
