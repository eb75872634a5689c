import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/core-harness.js';
import { ConfigError, StoreUnavailable } from '../../src/core/index.js';
import { openStore, redactUrl } from '../../src/store/open-store.js';

describe('opening a store', () => {
  it('rejects an unknown scheme with a config error naming STORE_URL and the schemes it takes', async () => {
    const failure = await openStore('mysql://u:p@127.0.0.1:1/db').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).issues).toEqual(['STORE_URL: unsupported scheme "mysql:" (use sqlite://, redis://, postgres:// or memory://)']);
  });

  it('fails clearly when the SQLite file cannot be opened', async () => {
    const dir = await tempDir();
    try {
      // A directory where the database file should be: SQLite cannot open it.
      await mkdir(join(dir.path, 'bot.sqlite'));
      await expect(openStore(`sqlite://${dir.path}/bot.sqlite`)).rejects.toThrow(StoreUnavailable);
    } finally {
      await dir.cleanup();
    }
  });

  it('hides passwords of store URLs', () => {
    expect(redactUrl('redis://user:hunter22@host:6379')).toBe('redis://user:***@host:6379');
  });
});
