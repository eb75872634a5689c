// The documented production install, run for real in a temporary copy of the repository: the same
// script the Dockerfile runs, then `node dist/main.js` with no dev dependency left.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';

const run = promisify(execFile);
const root = process.cwd();

describe('production install (scripts/build-production.sh in a temporary copy)', { timeout: 600_000 }, () => {
  let copy: string;
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    copy = join(tmpdir(), `parley-production-${process.pid}-${Date.now()}`);
    // The repository as a clone would have it: tracked files plus new ones not ignored.
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\n').filter((file) => file && file !== 'node_modules');
    for (const file of files) {
      const exists = await stat(join(root, file)).then(() => true, () => false);
      if (!exists) continue;
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await cp(join(root, file), join(copy, file));
    }
    // No network in tests, so no `npm ci`: a real copy (not links: prune deletes in it) of the
    // node_modules npm ci made from this same lock file stands in for it.
    // cp -R (not fs.cp, which is many times slower on 20,000 small files) keeps the links inside as links.
    await mkdir(join(copy, 'node_modules'));
    await run('cp', ['-R', `${join(root, 'node_modules')}/.`, join(copy, 'node_modules')]);
    await run('sh', ['scripts/build-production.sh'], { cwd: copy, env: { ...process.env, PARLEY_REUSE_NODE_MODULES: '1' } });
    // Copying and compiling take minutes on a loaded machine.
  }, 600_000);
  afterAll(async () => {
    await fake?.close();
    if (copy) await rm(copy, { recursive: true, force: true });
  }, 60_000);

  it('leaves no dev dependency behind', async () => {
    for (const dev of ['typescript', 'vitest', 'tsx']) {
      await expect(stat(join(copy, 'node_modules', dev)), dev).rejects.toThrow(/ENOENT/);
    }
    await expect(stat(join(copy, 'dist', 'main.js'))).resolves.toBeTruthy();
  });

  it('runs with node dist/main.js: the terminal chat answers and remembers', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: copy,
      env: { PATH: process.env.PATH ?? '', HOME: copy, ANTHROPIC_API_KEY: 'sk-ant-production-test', ANTHROPIC_BASE_URL: fake.url, STORE_URL: `sqlite://${join(copy, 'data', 'bot.sqlite')}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end('hello from production\n');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('echo: hello from production');
    expect(fake.lastRequest().path).toBe('/v1/messages');
  });

  it('uses the lock file the repository commits', async () => {
    const lock = JSON.parse(await readFile(join(copy, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    expect(lock.packages['node_modules/typescript']?.dev).toBe(true);
  });
});
