import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/core/index.js';
import { opsRoutes, startHealthServer, type HealthReport, type HealthServer } from '../../src/observability/health.js';
import { createReadiness, type ReadinessSources } from '../../src/observability/readiness.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';
import { dmFrom, startGuardedCore } from './support.js';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /healthz', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const serve = async (store: ReadinessSources['store'], metrics = createMetrics(), storeTimeoutMs?: number) =>
    (server = await startHealthServer(0, opsRoutes({ metrics, readiness: createReadiness({ store }, storeTimeoutMs ? { storeTimeoutMs } : {}) }), '127.0.0.1'));
  const working = (): ReadinessSources['store'] => {
    const records = new Map<string, unknown>();
    return { readRecord: async (name) => records.get(name) as never, writeRecord: async (name, value) => void records.set(name, value) };
  };

  it('answers 200 with status, uptime, counters and store ok', async () => {
    const metrics = createMetrics();
    metrics.increment('turns', 3);
    await serve(working(), metrics);
    const { status, body, type } = await get(server!.port, '/healthz');
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    const report = JSON.parse(body) as HealthReport;
    expect(report).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number), counters: { turns: 3 }, store: 'ok', checks: { store: 'ok' }, reasons: [] });
  });

  it('answers 503 with store error when the store fails, without the error text', async () => {
    await serve({ readRecord: () => Promise.reject(new Error('SQLITE_BUSY')), writeRecord: async () => undefined });
    const { status, body } = await get(server!.port, '/healthz');
    expect(status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ status: 'degraded', store: 'error', reasons: ['store: cannot read'] });
    expect(body).not.toContain('SQLITE_BUSY');
  });

  it('answers 503 when the store does not answer in time', async () => {
    await serve({ readRecord: () => new Promise(() => undefined), writeRecord: async () => undefined }, createMetrics(), 50);
    expect((await get(server!.port, '/healthz')).status).toBe(503);
  });

  it('serves nothing else', async () => {
    await serve(working());
    expect((await get(server!.port, '/')).status).toBe(404);
    expect((await get(server!.port, '/healthz/../admin')).status).toBe(404);
    expect((await get(server!.port, '/healthz', 'POST')).status).toBe(405);
  });

  it('counts turns, tokens, tool calls and errors as the core runs', async () => {
    const core = await startGuardedCore();
    try {
      core.fake.reply({ toolUses: [{ name: 'calculator', input: { expression: '1+1' } }] });
      const result = await core.parley.send(dmFrom({ user: 'U1' }, 'add'));
      core.fake.reply({ error: { status: 500 } });
      await core.parley.send(dmFrom({ user: 'U1' }, 'fail')).catch(() => undefined);
      await core.parley.send(dmFrom({ user: 'U1' }, '   ')).catch(() => undefined);
      expect(core.metrics.snapshot()).toMatchObject({
        turns: 1,
        tool_calls: 1,
        'tool_calls.calculator': 1,
        tokens: result.usage.inputTokens + result.usage.outputTokens,
        'tokens.input': result.usage.inputTokens,
        'tokens.cache_write': 0,
        'tokens.cache_read': 0,
        'tokens.output': result.usage.outputTokens,
        errors: 2,
        'errors.model_unavailable': 1,
        'errors.empty_input': 1,
        'turn_duration_seconds.count': 1,
        'queue_wait_seconds.count': 2,
      });
    } finally {
      await core.close();
    }
  });
});

describe('health endpoint of a running process', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();

  it('is served on PORT with the counters of the turns answered, and holds no ids or secrets', async () => {
    const apiKey = 'sk-ant-health-check-secret-0001';
    const chat = spawnParley(
      { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/health.sqlite`, PORT: '0', LOG_LEVEL: 'info' },
      fixture.dir,
    );
    await chat.waitFor(/"event":"health.listening"/, 'stderr');
    const port = Number(/"event":"health.listening","port":(\d+)/.exec(chat.stderr())![1]);
    chat.writeLine('count me');
    // Counted once committed, just after the answer is printed.
    await chat.waitFor(/"event":"turn.committed"/, 'stderr');
    const { status, body } = await get(port, '/healthz');
    expect(status).toBe(200);
    const report = JSON.parse(body) as HealthReport;
    expect(report).toMatchObject({ status: 'ok', store: 'ok', counters: { turns: 1 } });
    expect(report.counters['tokens.input']).toBeGreaterThan(0);
    expect(body).not.toContain(apiKey);
    expect(body).not.toContain('terminal:');
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
  });
});
