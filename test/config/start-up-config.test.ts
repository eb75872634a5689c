import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

describe('configuration at start-up (spawned process)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  const env = (name: string) => ({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/${name}.sqlite` });

  it('a .env copied from .env.example (every value empty) keeps the terminal chat free of log lines', async () => {
    await copyFile('.env.example', join(fixture.dir, '.env'));
    const chat = spawnParley(env('dotenv'), fixture.dir);
    chat.writeLine('hello');
    await chat.waitFor(/echo: hello/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    // LOG_LEVEL= is unset, so the chat shows warnings only: no info lines such as turn.committed.
    expect(chat.stderr()).not.toContain('"level":"info"');
    expect(chat.stdout()).not.toContain('{"time"');
  });

  it('warns about a misspelt variable, naming the one it resembles', async () => {
    const chat = spawnParley({ ...env('typo'), SLAK_BOT_TOKEN: 'xoxb-typo' }, join(fixture.dir));
    chat.writeLine('hi');
    await chat.waitFor(/echo: hi/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    expect(chat.stderr()).toContain('SLAK_BOT_TOKEN is not a Parley setting and is ignored; did you mean SLACK_BOT_TOKEN?');
  });

  it('without a platform and with stdin ending before any message, exits non-zero naming what enables Slack or Discord', async () => {
    const chat = spawnParley(env('no-platform'), fixture.dir);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(2);
    const lines = chat.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Parley: no platform is configured.*SLACK_BOT_TOKEN.*DISCORD_TOKEN/);
  });

  it('still answers piped input without a terminal', async () => {
    const chat = spawnParley(env('piped'), fixture.dir);
    chat.child.stdin!.end('what is piped?\n');
    expect(await chat.exited).toBe(0);
    expect(chat.stdout()).toContain('echo: what is piped?');
  });

  it('reports every problem at once, cross-field ones included', async () => {
    const chat = spawnParley({ ...env('many'), MAX_TOKENS: '99999999', SLACK_BOT_TOKEN: 'xoxb-1', DISCORD_GUILD_ID: 'my-server', DISCORD_TOKEN: 'd' }, fixture.dir);
    expect(await chat.exited).toBe(1);
    expect(chat.stderr()).toContain('MAX_TOKENS: expected a whole number 1–64000');
    expect(chat.stderr()).toContain('DISCORD_GUILD_ID: expected a server id');
    expect(chat.stderr()).toContain('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN');
  });
});
