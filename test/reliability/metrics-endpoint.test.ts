import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from '../../src/observability/prometheus.js';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

describe('GET /metrics of a running process', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();

  it('serves parley_ metrics in Prometheus text format behind METRICS_TOKEN', async () => {
    const token = 'metrics-bearer-token-0001';
    const app = spawnParley(
      { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/metrics.sqlite`, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', METRICS_TOKEN: token },
      fixture.dir,
    );
    await app.waitFor(/"event":"health.listening"/, 'stderr');
    const port = Number(/"event":"health.listening","port":(\d+)/.exec(app.stderr())![1]);
    app.writeLine('what is 6*7? use the calculator');
    await app.waitFor(/"event":"turn.committed"/, 'stderr');

    const url = `http://127.0.0.1:${port}/metrics`;
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^parley_turns_total 1$/m);
    expect(text).toMatch(/^parley_tokens_total\{kind="input"\} [1-9]\d*$/m);
    expect(text).toMatch(/^parley_tokens_total\{kind="output"\} [1-9]\d*$/m);
    expect(text).toMatch(/^parley_turn_duration_seconds_count 1$/m);
    expect(text).toMatch(/^parley_time_to_first_token_seconds_count 1$/m);
    expect(text).toMatch(/^parley_queue_wait_seconds_count 1$/m);
    expect(text).toMatch(/^parley_store_call_duration_seconds_count\{operation="commitTurn",outcome="ok"\} 1$/m);
    expect(text).toMatch(/^parley_nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^parley_process_cpu_user_seconds_total /m);
    expect(text).not.toContain(token);
    app.child.stdin!.end();
    expect(await app.exited).toBe(0);
  });
});

describe('Prometheus metrics', () => {
  it('count errors by code and keep only declared labels', async () => {
    const metrics = createPrometheusMetrics();
    metrics.increment('errors', 1, { code: 'rate_limited', user: 'U123' });
    metrics.increment('errors', 2, { code: 'model_unavailable' });
    const text = await metrics.render();
    expect(text).toMatch(/^parley_errors_total\{code="rate_limited"\} 1$/m);
    expect(text).toMatch(/^parley_errors_total\{code="model_unavailable"\} 2$/m);
    expect(text).not.toContain('U123');
    expect(metrics.snapshot()).toMatchObject({ errors: 3, 'errors.rate_limited': 1 });
  });

  it('gives a metric nobody declared a counter of its own, labels taken from its first use', async () => {
    const metrics = createPrometheusMetrics();
    metrics.increment('budget_refusals', 1, { platform: 'slack' });
    expect(await metrics.render()).toMatch(/^parley_budget_refusals_total\{platform="slack"\} 1$/m);
  });
});
