import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionStatus } from '../../src/adapters/shared/connection-status.js';
import { ModelUnavailable, type ModelClient } from '../../src/core/index.js';
import { watchModel } from '../../src/observability/model-watch.js';
import { createReadiness, type ReadinessSources } from '../../src/observability/readiness.js';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.js';
import { startFakeDiscordRest, type FakeDiscordRest } from '../fakes/discord-rest.js';
import { spawnParley, useSpawnFixture, type ParleyProcess } from '../support/spawn-parley.js';

const memoryStore = (): ReadinessSources['store'] => {
  const records = new Map<string, unknown>();
  return { readRecord: async (name) => records.get(name) as never, writeRecord: async (name, value) => void records.set(name, value) };
};

describe('readiness', () => {
  it('is not ready when the store can read but not write (read-only file, full disk)', async () => {
    const store = { ...memoryStore(), writeRecord: () => Promise.reject(new Error('SQLITE_READONLY: attempt to write a readonly database')) };
    const verdict = await createReadiness({ store })();
    expect(verdict).toMatchObject({ ready: false, reasons: ['store: cannot write'], checks: { store: 'error' } });
    expect(verdict.details[0]).toContain('SQLITE_READONLY');
  });

  it('counts a platform as down only after its reconnect window, and a fatal close at once', async () => {
    let now = 1_000_000;
    const discord = new ConnectionStatus(() => now);
    discord.up();
    const ready = createReadiness({ store: memoryStore(), platforms: { discord: () => discord.read() } }, { reconnectWindowMs: 60_000, now: () => now });
    discord.down();
    now += 30_000;
    expect((await ready()).ready).toBe(true);
    now += 31_000;
    expect((await ready()).reasons).toEqual(['discord: disconnected for 61 s and not reconnected']);
    discord.up();
    expect((await ready()).ready).toBe(true);
    discord.fatal('DISCORD_TOKEN: refused');
    expect((await ready()).reasons).toEqual(['discord: DISCORD_TOKEN: refused']);
  });

  it('is not ready once the model has failed every request for a while, and ready again after one success', async () => {
    let now = 0;
    let failing = true;
    const model: ModelClient = {
      step: async () => {
        if (failing) throw new ModelUnavailable('model API answered 529', 529);
        return { content: [], stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } } as never;
      },
    };
    const watched = watchModel(model, () => now);
    const ready = createReadiness({ store: memoryStore(), model: watched.record }, { modelFailingMs: 120_000, modelFailures: 3, now: () => now });
    const call = () => watched.client.step({ system: '', messages: [], tools: [] }, () => undefined).catch(() => undefined);
    for (let i = 0; i < 3; i++) await call();
    expect((await ready()).ready).toBe(true); // three failures in no time are a blip
    now += 121_000;
    await call();
    expect((await ready()).reasons).toEqual([expect.stringMatching(/^model: every request failed for 121 s \(4 in a row; last: model API answered 529\)$/)]);
    failing = false;
    await call();
    expect((await ready()).ready).toBe(true);
  });
});

async function readyz(port: number): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function listeningPort(app: ParleyProcess): Promise<number> {
  await app.waitFor(/"event":"health.listening"/, 'stderr');
  return Number(/"event":"health.listening","port":(\d+)/.exec(app.stderr())![1]);
}

describe('readiness of a running process', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  const env = (file: string, extra: Record<string, string> = {}) => ({
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: fixture.fake.url,
    STORE_URL: `sqlite://${file}`,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...extra,
  });

  it('answers /livez and /readyz 200 while all is well', async () => {
    const app = spawnParley(env(join(fixture.dir, 'well.sqlite')), fixture.dir);
    const port = await listeningPort(app);
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    expect(await readyz(port)).toMatchObject({ status: 200, body: { status: 'ok', checks: { store: 'ok', storeFile: 'ok', model: 'ok' } } });
    app.child.stdin!.end('hello\n');
    expect(await app.exited).toBe(0);
  });

  it('answers 503 once the SQLite file is deleted under it, while /livez stays 200', async () => {
    const file = join(fixture.dir, 'deleted.sqlite');
    const app = spawnParley(env(file), fixture.dir);
    const port = await listeningPort(app);
    await rm(file);
    const { status, body } = await readyz(port);
    expect(status).toBe(503);
    expect(body.reasons).toEqual([expect.stringMatching(/^store: the SQLite file was deleted after Parley opened it/)]);
    expect(JSON.stringify(body)).not.toContain(fixture.dir);
    expect((await fetch(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
    await app.waitFor(/"event":"health.not_ready"/, 'stderr');
    app.child.stdin!.end('hello\n');
    await app.exited;
  });

  it('answers 503 once the SQLite file is replaced by another one', async () => {
    const file = join(fixture.dir, 'replaced.sqlite');
    const app = spawnParley(env(file), fixture.dir);
    const port = await listeningPort(app);
    await writeFile(`${file}.new`, '');
    await rename(`${file}.new`, file);
    expect(await readyz(port)).toMatchObject({ status: 503, body: { reasons: [expect.stringMatching(/^store: the SQLite file was replaced/)] } });
    app.child.stdin!.end('hello\n');
    await app.exited;
  });
});

describe('readiness of a Discord bot whose gateway closed for good', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  const require = createRequire(import.meta.url);
  const botUser = require('../fixtures/discord/bot-user.json') as Record<string, any>;
  const guildCreate = require('../fixtures/discord/guild-create.json') as Record<string, any>;
  let rest: FakeDiscordRest;
  let gateway: FakeDiscordGateway;
  beforeAll(async () => {
    rest = await startFakeDiscordRest({ botUser, applicationId: botUser.id });
    gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [guildCreate] });
    rest.gatewayUrl = gateway.url;
  });
  afterAll(async () => {
    await gateway.close();
    await rest.close();
  });

  it('reports close code 4004 at once, with one error line saying what to fix', async () => {
    const app = spawnParley(
      { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/discord.sqlite`, DISCORD_TOKEN: 'fake-token', DISCORD_API_URL: rest.url, PORT: '0', HOST: '127.0.0.1' },
      fixture.dir,
    );
    const port = await listeningPort(app);
    expect((await readyz(port)).status).toBe(200);
    gateway.closeWith(4004, 'Authentication failed.');
    await app.waitFor(/"event":"discord.gateway_closed"/, 'stderr');
    const closed = app.stderr().split('\n').filter((line) => line.includes('"event":"discord.gateway_closed"'));
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0]!)).toMatchObject({ level: 'error', code: 4004, fix: expect.stringMatching(/^DISCORD_TOKEN: /) });
    const { status, body } = await readyz(port);
    expect(status).toBe(503);
    expect(body.checks.discord).toBe('error');
    expect(body.reasons).toEqual([expect.stringMatching(/^discord: DISCORD_TOKEN: the gateway refused the token \(close code 4004/)]);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
