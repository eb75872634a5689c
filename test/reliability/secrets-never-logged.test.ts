import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnParley, type ParleyProcess, useSpawnFixture } from '../support/spawn-parley.js';

// Fake credentials shaped like real ones; none of them may appear in any output.
const SECRETS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-FAKEsecretKEYdoNotLog-000111222333',
  SLACK_BOT_TOKEN: 'xoxb-1111111111-2222222222-FAKEslackBOTtoken',
  SLACK_SIGNING_SECRET: 'fakesigningsecret0123456789abcdef',
  DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDUwMQ.FAKE.discordTOKENdoNotLog',
  STORE_PASSWORD: 'fake-store-password-do-not-log',
};

/** The credential a request carried: the SDK sends x-api-key or a bearer token. */
function presentedKey(request: { headers: Record<string, string> }): string {
  return request.headers['x-api-key'] ?? request.headers['authorization'] ?? '';
}

function leaks(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}

describe('secrets never reach logs, errors or exports', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();

  const output = (chat: ParleyProcess) => `${chat.stdout()}\n${chat.stderr()}`;

  it('keeps the API key out of stdout, stderr and exports when the API rejects it and echoes it back', async () => {
    // A proxy or gateway that quotes the key it refused, in its error and in a 5xx body.
    const quoting = (status: number) => (request: { headers: Record<string, string> }) => ({
      error: { status, message: `key ${presentedKey(request)} was rejected` },
    });
    fixture.fake.reply({ text: 'first answer' }, quoting(401), quoting(500));
    const chat = spawnParley(
      {
        ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY,
        ANTHROPIC_BASE_URL: fixture.fake.url,
        STORE_URL: `sqlite://${fixture.dir}/secrets.sqlite`,
        MODEL_MAX_RETRIES: '0',
        LOG_LEVEL: 'debug',
      },
      fixture.dir,
    );
    chat.writeLine('hello');
    await chat.waitFor(/first answer\n> /);
    chat.writeLine('/export');
    await chat.waitFor(/Here is this conversation: 2 messages.* Saved as/);
    chat.writeLine('now fail with 401');
    await chat.waitFor(/Claude couldn't process that request/);
    chat.writeLine('now fail with 500');
    await chat.waitFor(/Claude isn't answering right now/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);

    // The key really was sent and quoted back, and the failures really were logged: the scan is not vacuous.
    expect(presentedKey(fixture.fake.requests.at(-1)!)).toContain(SECRETS.ANTHROPIC_API_KEY);
    expect(chat.stderr()).toContain('"event":"turn.failed"');
    expect(chat.stderr()).toContain('[redacted]');
    expect(leaks(output(chat))).toEqual([]);
    const exports = await readdir(join(fixture.dir, 'exports'));
    expect(exports.length).toBeGreaterThan(0);
    for (const file of exports) expect(leaks(await readFile(join(fixture.dir, 'exports', file), 'utf8')), file).toEqual([]);
  });

  it('keeps every credential out of a configuration error', async () => {
    const chat = spawnParley(
      {
        ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY,
        SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
        // Not an app-level token: a configuration error that concerns a credential.
        SLACK_APP_TOKEN: SECRETS.SLACK_BOT_TOKEN,
        DISCORD_TOKEN: SECRETS.DISCORD_TOKEN,
        STORE_URL: `redis://parley:${SECRETS.STORE_PASSWORD}@127.0.0.1:1`,
      },
      fixture.dir,
    );
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toContain('SLACK_APP_TOKEN: expected an app-level token starting with xapp-');
    expect(leaks(output(chat))).toEqual([]);
  });

  it('keeps the store password out of a store error', async () => {
    const chat = spawnParley(
      { ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY, STORE_URL: `redis://parley:${SECRETS.STORE_PASSWORD}@127.0.0.1:1` },
      fixture.dir,
    );
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toContain('STORE_URL');
    expect(leaks(output(chat))).toEqual([]);
  });
});
