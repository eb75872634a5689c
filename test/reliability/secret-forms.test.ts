import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/index.js';
import { dmFrom, failureOf, startGuardedCore, type GuardedCore } from './support.js';

function logged(secrets: string[], fields: Record<string, unknown>): string {
  const lines: string[] = [];
  createLogger({ level: 'debug', secrets, write: (line) => lines.push(line) }).error('test.line', fields);
  return lines.join('\n');
}

describe('secret masking in logs', () => {
  it('masks a secret holding a quote or a backslash in its JSON-escaped form', () => {
    const secret = 'pa"ss\\word-0123';
    const line = logged([secret], { error: new Error(`login failed for ${secret}`), body: { password: secret } });
    expect(line).not.toContain('pa\\"ss\\\\word-0123');
    expect(line).toContain('[redacted]');
    expect(JSON.parse(line)).toMatchObject({ event: 'test.line' });
  });

  it('masks the URL-encoded and base64 forms', () => {
    const secret = 'tok en/with+symbols&=';
    const line = logged([secret], {
      url: `https://example.test/hook?token=${encodeURIComponent(secret)}`,
      header: `Bearer ${Buffer.from(secret).toString('base64')}`,
      urlSafe: Buffer.from(secret).toString('base64url'),
    });
    expect(line).not.toContain(encodeURIComponent(secret));
    expect(line).not.toContain(Buffer.from(secret).toString('base64'));
    expect(line).not.toContain(Buffer.from(secret).toString('base64url'));
  });

  it('masks secrets shorter than eight characters', () => {
    expect(logged(['s3cr3t'], { message: 'the key is s3cr3t' })).not.toContain('s3cr3t');
  });
});

describe('Anthropic request ids in error logs', () => {
  let core: GuardedCore | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
  });

  it('keeps the request-id of a failed model request in the turn.failed line', async () => {
    const lines: string[] = [];
    core = await startGuardedCore({ logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }) });
    core.fake.reply({ error: { status: 400, message: 'messages: bad' } });
    await failureOf(core.parley, dmFrom({ user: 'U1' }, 'hello'));
    const failed = lines.map((line) => JSON.parse(line) as { event: string; error?: { requestId?: string } }).find((line) => line.event === 'turn.failed');
    expect(failed?.error?.requestId).toMatch(/^req_fake_\d+$/);
    expect(failed?.error?.requestId).toBe(core.fake.requests.length > 0 ? `req_fake_${core.fake.requestCount}` : undefined);
  });
});
