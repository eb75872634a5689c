import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriter } from '../../src/adapters/slack/clients.js';
import { slackSdkLogger } from '../../src/adapters/slack/bolt-logger.js';
import { silentLogger } from '../../src/core/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.js';

describe('posting a message', () => {
  let slack: FakeSlackApi;
  beforeEach(async () => {
    slack = await startFakeSlackApi();
  });
  afterEach(() => slack.close());

  const writer = () => createWriter({ token: slack.botToken, apiUrl: slack.url, logger: slackSdkLogger(silentLogger) });

  it('is not retried after a server error, when Slack may already have posted it', async () => {
    slack.failNext('chat.postMessage', { status: 500 });
    await expect(writer().chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow();
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('is retried after a 429, which Slack answers before posting anything', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    await writer().chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.messages).toHaveLength(1);
  });

  it('is retried when the connection was refused before anything was sent', async () => {
    const port = new URL(slack.url).port;
    await slack.close();
    const client = createWriter({ token: 'xoxb-x', apiUrl: `http://127.0.0.1:${port}/api/`, logger: slackSdkLogger(silentLogger) });
    const started = Date.now();
    await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow();
    // Three retries with backoff from 100 ms: the refusal was retried, not given up at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    slack = await startFakeSlackApi();
  });
});
