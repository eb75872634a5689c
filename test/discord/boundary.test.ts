import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src/adapters/discord');
const allowed = [/^discord\.js$/, /^node:/, /^\.\/[\w-]+\.js$/, /^\.\.\/\.\.\/core\/index\.js$/, /^\.\.\/\.\.\/commands\/index\.js$/, /^\.\.\/platform-adapter\.js$/, /^\.\.\/shared\/[\w-]+\.js$/];

describe('the Discord adapter boundary', () => {
  it('imports only discord.js, Node built-ins, its own files, code shared by adapters and the core public surface', () => {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      for (const [, specifier] of source.matchAll(/\bfrom\s+'([^']+)'/g)) {
        expect(allowed.some((pattern) => pattern.test(specifier!)), `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});
