import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../fakes/discord-gateway.js';
import { startFakeDiscordRest, type FakeDiscordRest } from '../fakes/discord-rest.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

const fixtureFile = createRequire(import.meta.url);
const botUser = fixtureFile('../fixtures/discord/bot-user.json') as Record<string, any>;
const guildCreate = fixtureFile('../fixtures/discord/guild-create.json') as Record<string, any>;
const TOKEN = 'fake-discord-token-for-start-up';

describe('Discord checks at start-up (spawned process)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  let rest: FakeDiscordRest;
  let gateway: FakeDiscordGateway;
  let noContentGateway: FakeDiscordGateway;
  let noContentRest: FakeDiscordRest;
  beforeAll(async () => {
    rest = await startFakeDiscordRest({ botUser, applicationId: botUser.id, token: TOKEN });
    gateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [guildCreate], token: TOKEN });
    rest.gatewayUrl = gateway.url;
    noContentRest = await startFakeDiscordRest({ botUser, applicationId: botUser.id });
    noContentGateway = await startFakeDiscordGateway({ botUser, application: { id: botUser.id, flags: 0 }, guilds: [guildCreate], messageContentIntent: false });
    noContentRest.gatewayUrl = noContentGateway.url;
  });
  afterAll(async () => {
    for (const fake of [rest, gateway, noContentRest, noContentGateway]) await fake.close();
  });
  const env = (name: string, extra: Record<string, string> = {}) => ({
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: fixture.fake.url,
    STORE_URL: `sqlite://${fixture.dir}/${name}.sqlite`,
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: rest.url,
    PORT: '0',
    ...extra,
  });

  it('names DISCORD_TOKEN when Discord refuses the token (401)', async () => {
    const app = spawnParley(env('token', { DISCORD_TOKEN: 'not-the-token' }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('DISCORD_TOKEN: Discord refused the token (401)');
    expect(app.stderr()).not.toContain('not-the-token');
  });

  it('names DISCORD_API_URL when nothing answers there', async () => {
    const app = spawnParley(env('url', { DISCORD_API_URL: 'http://127.0.0.1:1/api' }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toMatch(/DISCORD_API_URL: (cannot reach Discord at http:\/\/127\.0\.0\.1:1\/api|no answer from Discord)/);
  });

  it('explains how to turn on Message Content when the gateway refuses the privileged intent (4014)', async () => {
    const app = spawnParley(env('intent', { DISCORD_API_URL: noContentRest.url }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toMatch(/Message Content: .*Privileged Gateway Intents.*\(close code 4014/);
  });

  it('says in the ready line which application and bot user it connected as and where it listens', async () => {
    const app = spawnParley(env('ready', { LOG_LEVEL: 'info', HOST: '127.0.0.1' }), fixture.dir);
    await app.waitFor(/"event":"app.ready"/, 'stderr');
    const ready = JSON.parse(app.stderr().split('\n').find((line) => line.includes('"event":"app.ready"'))!) as Record<string, any>;
    expect(ready.discord).toMatchObject({ application: botUser.username, applicationId: botUser.id, botUserId: botUser.id });
    expect(ready.discord.botUser).toContain(botUser.username);
    expect(ready.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
