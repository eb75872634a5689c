import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/adapters/slack/index.js';
import { ConfigError, silentLogger, type Coordination, type Parley } from '../../src/core/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.js';

// start() never reaches the core when it fails, and when it succeeds only registers the recovery of
// pending messages, so a stand-in is enough here.
const parley = { resumePending: () => undefined } as Partial<Parley> as Parley;
const coordination = {} as Coordination;

describe('starting the Slack adapter', () => {
  let slack: FakeSlackApi;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
  });
  afterEach(() => slack.close());

  it('in HTTP mode listens on a free port when PORT is 0, and reports it', async () => {
    const adapter = createSlackAdapter({ botToken: slack.botToken, signingSecret: 's3cret-signing', apiUrl: slack.url, port: 0 }, { parley, coordination, logger: silentLogger });
    await adapter.start();
    try {
      expect(adapter.mode).toBe('http');
      expect(adapter.port).toBeGreaterThan(0);
      const probe = await fetch(`http://127.0.0.1:${adapter.port}/slack/events`, { method: 'POST', body: '{}' });
      expect(probe.status).toBe(401);
    } finally {
      await adapter.stop();
    }
    expect(adapter.port).toBeUndefined();
  });

  it("stops with Slack's reason when the bot token is wrong", async () => {
    const adapter = createSlackAdapter({ botToken: 'xoxb-wrong', signingSecret: 's3cret-signing', apiUrl: slack.url, port: 0 }, { parley, coordination, logger: silentLogger });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth/);
    await adapter.stop();
  });

  it('refuses HTTP mode without a signing secret', () => {
    expect(() => createSlackAdapter({ botToken: slack.botToken, apiUrl: slack.url, port: 0 }, { parley, coordination, logger: silentLogger })).toThrow(ConfigError);
  });
});
