import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function importsUnder(dir: string): Array<{ file: string; spec: string }> {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => ({
        file,
        spec: match[1] ?? match[2]!,
      })),
    );
}

describe('reliability boundaries', () => {
  it('keeps the guard and observability on the core index and Node built-ins only', () => {
    const allowed = /^(node:|\.\/|\.\.\/core\/index\.js$)/;
    // prom-client is the one library observability may use: it implements the core's metrics port.
    const offenders = [...importsUnder('src/guard'), ...importsUnder('src/observability').filter(({ spec }) => spec !== 'prom-client')].filter(({ spec }) => !allowed.test(spec));
    expect(offenders).toEqual([]);
  });
});
