import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportWords } from '../../src/commands/export.js';
import { resetWords } from '../../src/commands/reset.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

describe('terminal chat (spawned process)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  const env = () => ({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/bot.sqlite`, MODEL_MAX_RETRIES: '0' });

  it('answers, remembers across a restart, and exits 0 on /quit', async () => {
    const first = spawnParley(env(), fixture.dir);
    first.writeLine('remember the word pineapple');
    await first.waitFor(/echo: remember the word pineapple/);
    first.writeLine('/quit');
    expect(await first.exited).toBe(0);

    const second = spawnParley(env(), fixture.dir);
    second.writeLine('which word?');
    await second.waitFor(/echo: which word\?/);
    second.child.stdin!.end();
    expect(await second.exited).toBe(0);
    const texts = fixture.fake.lastRequest().body.messages.map((m: { content: unknown }) => JSON.stringify(m.content));
    expect(texts[0]).toContain('remember the word pineapple');
  }, 60_000); // two processes started through tsx: slow on a loaded machine

  it('exports and resets through commands', async () => {
    const chat = spawnParley({ ...env(), STORE_URL: `sqlite://${fixture.dir}/commands.sqlite` }, fixture.dir);
    chat.child.stdin!.write('hello there\n/export\n/reset\n/export\n/quit\n');
    expect(await chat.exited).toBe(0);
    expect(chat.stdout()).toMatch(/Here is this conversation: 2 messages, .* Saved as exports\/conversation-.*\.json and exports\/conversation-.*\.md\./);
    expect(chat.stdout()).toContain(resetWords.done);
    expect(chat.stdout()).toContain(exportWords.nothing);
    const files = await readdir(join(fixture.dir, 'exports'));
    const markdown = await readFile(join(fixture.dir, 'exports', files.find((file) => file.endsWith('.md'))!), 'utf8');
    expect(markdown).toContain('**User**: hello there');
  });

  it('says exactly what to set and exits non-zero without an API key', async () => {
    const chat = spawnParley({ STORE_URL: `sqlite://${fixture.dir}/nokey.sqlite` }, fixture.dir);
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toContain('ANTHROPIC_API_KEY: required');
    expect(chat.stderr()).not.toMatch(/\n\s+at /);
  });

  it('refuses to start on a bad setting with one line per problem', async () => {
    const chat = spawnParley({ ...env(), MAX_TOKENS: 'many', LOG_LEVEL: 'chatty' }, fixture.dir);
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toContain('MAX_TOKENS: expected a whole number 1–64000');
    expect(chat.stderr()).toContain('LOG_LEVEL: expected one of');
  });
});
