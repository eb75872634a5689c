import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.js';
import { startFakeSlackSocket, type FakeSlackSocket } from '../fakes/slack-socket.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

// A port nothing listens on (fetch refuses "bad ports" such as 1 before trying them).
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Slack checks at start-up (spawned process)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  let slack: FakeSlackApi;
  let socket: FakeSlackSocket;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
    socket = await startFakeSlackSocket();
    slack.socketUrl = socket.url;
  });
  afterAll(async () => {
    await slack.close();
    await socket.close();
  });
  const env = (name: string, extra: Record<string, string> = {}) => ({
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: fixture.fake.url,
    STORE_URL: `sqlite://${fixture.dir}/${name}.sqlite`,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'slack-signing-secret-for-tests',
    SLACK_API_URL: slack.url,
    PORT: '0',
    ...extra,
  });

  it('names SLACK_BOT_TOKEN when auth.test refuses it', async () => {
    const app = spawnParley(env('token', { SLACK_BOT_TOKEN: 'xoxb-wrong' }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('SLACK_BOT_TOKEN: Slack refused the token (invalid_auth)');
  });

  it('names SLACK_API_URL when nothing answers there, within the time limit rather than after retries', async () => {
    const port = await closedPort();
    const app = spawnParley(env('url', { SLACK_API_URL: `http://127.0.0.1:${port}/api/` }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain(`SLACK_API_URL: cannot reach Slack at http://127.0.0.1:${port}/api/ (ECONNREFUSED)`);
  });

  it('names SLACK_APP_TOKEN when Socket Mode refuses the app token', async () => {
    const app = spawnParley(env('socket', { SLACK_APP_TOKEN: 'xapp-1-wrong' }), fixture.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('SLACK_APP_TOKEN: Slack refused the token (invalid_auth)');
  });

  it('names PORT when the port is taken', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const app = spawnParley(env('port', { PORT: String(port), HOST: '127.0.0.1' }), fixture.dir);
      expect(await app.exited).toBe(1);
      expect(app.stderr()).toContain(`PORT: ${port} is already in use on 127.0.0.1`);
    } finally {
      holder.close();
    }
  });

  it('says in the ready line which team and bot user it connected as and where it listens', async () => {
    const app = spawnParley(env('ready', { HOST: '127.0.0.1', LOG_LEVEL: 'info' }), fixture.dir);
    await app.waitFor(/"event":"app.ready"/, 'stderr');
    const ready = JSON.parse(app.stderr().split('\n').find((line) => line.includes('"event":"app.ready"'))!) as Record<string, any>;
    expect(ready.slack).toMatchObject({ team: 'Fake Team', teamId: slack.teamId, botUser: 'parley', botUserId: slack.botUserId, mode: 'http' });
    expect(ready.slack.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
    expect(ready.model).toBe('claude-sonnet-5-5');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
