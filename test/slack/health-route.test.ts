import { afterEach, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from './harness.js';

describe('health check in Slack HTTP mode', () => {
  let harness: SlackHarness;
  afterEach(() => harness.close());

  it('is served by the Bolt receiver that owns the port', async () => {
    harness = await startSlackHarness({
      health: { path: '/healthz', handler: (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}') },
    });
    const response = await fetch(`http://127.0.0.1:${harness.adapter.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('leaves other paths to Bolt', async () => {
    harness = await startSlackHarness({ health: { path: '/healthz', handler: (_req, res) => res.end('ok') } });
    const response = await fetch(`http://127.0.0.1:${harness.adapter.port}/elsewhere`);
    expect(response.status).toBe(404);
  });
});
