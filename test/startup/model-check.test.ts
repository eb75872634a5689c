import { describe, expect, it } from 'vitest';
import { spawnParley, useSpawnFixture } from '../support/spawn-parley.js';

// One line naming the variable, and no stack trace.
const oneLineNaming = (stderr: string, variable: string) => {
  const problems = stderr.split('\n').filter((line) => line.startsWith('  '));
  expect(problems).toHaveLength(1);
  expect(problems[0]!.trim().startsWith(`${variable}: `)).toBe(true);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('model check at start-up (spawned process)', { timeout: 60_000 }, () => {
  const fixture = useSpawnFixture();
  const env = (name: string) => ({ ANTHROPIC_BASE_URL: fixture.fake.url, STORE_URL: `sqlite://${fixture.dir}/${name}.sqlite`, ANTHROPIC_API_KEY: 'sk-ant-good-key' });

  it('names ANTHROPIC_API_KEY when the API refuses the key (401), before any chat', async () => {
    fixture.fake.refusedKeys.add('sk-ant-wrong-key');
    const chat = spawnParley({ ...env('key'), ANTHROPIC_API_KEY: 'sk-ant-wrong-key' }, fixture.dir);
    expect(await chat.exited).toBe(1);
    oneLineNaming(chat.stderr(), 'ANTHROPIC_API_KEY');
    expect(chat.stderr()).toMatch(/refused the key \(401, request-id req_fake_\d+\)/);
    expect(chat.stdout()).not.toContain('terminal chat');
  });

  it('names ANTHROPIC_MODEL when the API knows no such model (404)', async () => {
    const chat = spawnParley({ ...env('model'), ANTHROPIC_MODEL: 'claude-imaginary-9' }, fixture.dir);
    expect(await chat.exited).toBe(1);
    oneLineNaming(chat.stderr(), 'ANTHROPIC_MODEL');
    expect(chat.stderr()).toContain('"claude-imaginary-9"');
  });

  it('names ANTHROPIC_BASE_URL when nothing answers there', async () => {
    const chat = spawnParley({ ...env('url'), ANTHROPIC_BASE_URL: 'http://127.0.0.1:1' }, fixture.dir);
    expect(await chat.exited).toBe(1);
    oneLineNaming(chat.stderr(), 'ANTHROPIC_BASE_URL');
    expect(chat.stderr()).toContain('http://127.0.0.1:1');
  });

  it('is skipped with STARTUP_CHECKS=false, for gateways that serve no model list', async () => {
    const chat = spawnParley({ ...env('skip'), ANTHROPIC_MODEL: 'gateway-model', STARTUP_CHECKS: 'false' }, fixture.dir);
    chat.writeLine('hello gateway');
    await chat.waitFor(/echo: hello gateway/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    expect(fixture.fake.modelLookups).not.toContain('gateway-model');
  });

  it('retrieves the configured model once and then answers', async () => {
    fixture.fake.reset();
    const chat = spawnParley(env('ok'), fixture.dir);
    chat.writeLine('hi');
    await chat.waitFor(/echo: hi/);
    chat.child.stdin!.end();
    expect(await chat.exited).toBe(0);
    expect(fixture.fake.modelLookups).toEqual(['claude-sonnet-5-5']);
  });
});
