import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (match) => match[1] ?? match[2]!,
  );
}

function offenders(dir: string, forbidden: RegExp): string[] {
  return sources(dir).flatMap((file) => importsOf(file).filter((spec) => forbidden.test(spec)).map((spec) => `${file} imports ${spec}`));
}

describe('architecture boundaries', () => {
  it('keeps the core free of platform libraries and of keyv', () => {
    expect(offenders('src/core', /^(@slack\/|discord\.js|@discordjs\/|keyv|@keyv\/)/)).toEqual([]);
  });

  it('keeps the core free of adapters, the store implementation and config', () => {
    expect(offenders('src/core', /\/(adapters|store|config)\//)).toEqual([]);
  });

  it('keeps adapters away from keyv and the model wire format', () => {
    expect(offenders('src/adapters', /^(keyv|@keyv\/|@anthropic-ai\/)|\/store\//)).toEqual([]);
  });

  it('lets adapters reach the core only through its index', () => {
    expect(offenders('src/adapters', /\/core\/(?!index\.js$)/)).toEqual([]);
  });

  it('keeps each adapter out of the others', () => {
    for (const [name, other] of [['slack', /\/(discord|terminal)\//], ['discord', /\/(slack|terminal)\//], ['terminal', /\/(slack|discord)\//]] as const) {
      expect(offenders(join('src/adapters', name), other)).toEqual([]);
    }
  });
});
