// The folder layout is the architecture: each folder of src may import only what its line below names
// (its own files always). A new folder has no line until someone decides what it may reach.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path/posix';
import { describe, expect, it } from 'vitest';
import { COMPUTED, allows, importsIn, targetOf } from './import-scan.js';

const NODE = 'node:*';
const CORE = 'src/core/index.ts';
const COMMANDS = 'src/commands/index.ts';
const ADAPTER = 'src/adapters/platform-adapter.ts';
const SHARED = 'src/adapters/shared/';

/** What each folder may import besides its own files. */
const ALLOWED: Record<string, readonly string[]> = {
  // The composition root (app.ts, main.ts, operations.ts) wires every part together.
  src: [NODE, 'src/'],
  // No platform, no storage driver: only the model's SDK and zod for tool schemas.
  'src/core': [NODE, '@anthropic-ai/sdk', 'zod/v4'],
  'src/store': [NODE, 'keyv', 'better-sqlite3', '@redis/client', 'pg', CORE],
  'src/guard': [CORE],
  'src/tools': ['zod/v4', CORE, 'src/tools/calculator/index.ts'],
  'src/tools/calculator': [],
  'src/config': [NODE, 'zod/v4', CORE],
  'src/observability': [NODE, 'prom-client', CORE],
  'src/startup': [CORE],
  'src/commands': [CORE],
  'src/http': [NODE],
  // platform-adapter.ts, the shape every adapter has (it re-exports the connection status type).
  'src/adapters': [NODE, CORE, COMMANDS, 'src/adapters/shared/connection-status.ts'],
  'src/adapters/shared': [NODE, CORE, COMMANDS],
  'src/adapters/slack': [NODE, '@slack/bolt', CORE, COMMANDS, ADAPTER, SHARED],
  'src/adapters/discord': [NODE, 'discord.js', CORE, COMMANDS, ADAPTER, SHARED],
  'src/adapters/terminal': [NODE, CORE, COMMANDS, ADAPTER],
};

/** Imports of one file that its folder's allow-list does not name, as readable lines. */
function violations(file: string, source: string): string[] {
  const folder = dirname(file);
  const allowed = ALLOWED[folder];
  if (!allowed) return [`${file}: ${folder} has no allow-list in test/architecture/boundaries.test.ts`];
  return importsIn(source, file)
    .map((specifier) => ({ specifier, target: targetOf(file, specifier) }))
    .filter(({ specifier, target }) => specifier === COMPUTED || !(dirname(target) === folder || allows(allowed, target)))
    .map(({ specifier }) => `${file} imports ${specifier}`);
}

const sources = readdirSync('src', { withFileTypes: true, recursive: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => join(entry.parentPath, entry.name));

describe('the import scanner', () => {
  it.each([
    ['a named import', "import { Keyv } from 'keyv';", ['keyv']],
    ['a side-effect import', "import 'keyv';", ['keyv']],
    ['a double-quoted specifier', 'import Keyv from "keyv";', ['keyv']],
    ['a type-only import', "import type { App } from '@slack/bolt';", ['@slack/bolt']],
    ['an import over several lines', "import {\n  Client,\n  Events,\n} from\n  'discord.js';", ['discord.js']],
    ['a namespace import', 'import * as bolt from "@slack/bolt";', ['@slack/bolt']],
    ['export … from', "export { Keyv } from 'keyv';", ['keyv']],
    ['export * from', 'export * from "@keyv/redis";', ['@keyv/redis']],
    ['export type … from', "export type { Message } from 'discord.js';", ['discord.js']],
    ['a dynamic import()', "const m = await import('keyv');", ['keyv']],
    ['a dynamic import() in a template literal', 'const m = await import(`keyv`);', ['keyv']],
    ['require()', "const Keyv = require('keyv');", ['keyv']],
    ['module.require()', 'const Keyv = module.require("keyv");', ['keyv']],
    ['import … = require()', "import Keyv = require('keyv');", ['keyv']],
    ['a typeof import() type', "let client: import('discord.js').Client;", ['discord.js']],
    ['a computed dynamic import', 'const name = "ke" + "yv"; await import(name);', [COMPUTED]],
  ])('reads %s', (_form, source, expected) => {
    expect(importsIn(source)).toEqual(expected);
  });

  it('does not count the words of comments or strings as imports', () => {
    expect(importsIn("// import 'keyv'\n/* require('keyv') */\nconst s = \"import 'keyv'\";")).toEqual([]);
  });
});

describe('the boundary check', () => {
  it.each([
    "import 'keyv';",
    'import Keyv from "keyv";',
    "export * from '@keyv/sqlite';",
    "await import('discord.js');",
    "const { App } = require('@slack/bolt');",
    "import { createSqliteStore } from '../store/sqlite-store.js';",
    "import { loadConfig } from \"../config/load-config.js\";",
    'await import(someName);',
  ])('refuses %s in the core', (source) => {
    expect(violations('src/core/sample.ts', source)).toHaveLength(1);
  });

  it("lets an adapter reach the core only through its index, and never another adapter's files", () => {
    expect(violations('src/adapters/slack/sample.ts', "import { createParley } from '../../core/index.js';")).toEqual([]);
    expect(violations('src/adapters/slack/sample.ts', "import { runToolLoop } from '../../core/tool-loop.js';")).toHaveLength(1);
    expect(violations('src/adapters/slack/sample.ts', "import { keyFor } from '../discord/keys.js';")).toHaveLength(1);
    expect(violations('src/adapters/slack/sample.ts', "import Anthropic from '@anthropic-ai/sdk';")).toHaveLength(1);
  });

  it('refuses a folder that has no allow-list yet', () => {
    expect(violations('src/newfolder/x.ts', '')).toEqual(['src/newfolder/x.ts: src/newfolder has no allow-list in test/architecture/boundaries.test.ts']);
  });

  it('never lets the core list a platform library, a storage driver or another part of src', () => {
    expect(ALLOWED['src/core']!.filter((entry) => /^(@slack\/|discord\.js|@discordjs\/|keyv|@keyv\/|@redis\/|pg$|better-sqlite3|src\/)/.test(entry))).toEqual([]);
  });

  it('never lets an adapter list keyv, a store driver, the model SDK or the store', () => {
    for (const folder of Object.keys(ALLOWED).filter((name) => name.startsWith('src/adapters'))) {
      expect(ALLOWED[folder]!.filter((entry) => /^(keyv|@keyv\/|@redis\/|pg$|@anthropic-ai\/|src\/store\/)/.test(entry)), folder).toEqual([]);
    }
  });
});

describe('architecture boundaries', () => {
  it('give every folder of src an allow-list', () => {
    expect([...new Set(sources.map((file) => dirname(file)))].filter((folder) => !ALLOWED[folder])).toEqual([]);
  });

  it.each(Object.keys(ALLOWED))('keep %s to its allow-list', (folder) => {
    const files = sources.filter((file) => dirname(file) === folder);
    expect(files.length, `${folder} has no files: drop its line`).toBeGreaterThan(0);
    expect(files.flatMap((file) => violations(file, readFileSync(file, 'utf8')))).toEqual([]);
  });
});
