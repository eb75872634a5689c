import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from '../fakes/anthropic-server.js';
import { tempDir } from './core-harness.js';

const root = process.cwd();
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** A Parley process started the way `npm start` starts it, but from source through tsx. */
export interface ParleyProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout (or stderr) matches. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  writeLine(line: string): void;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Spawns `src/main.ts` with exactly the given environment (plus PATH and HOME), in `cwd` (where .env, data/ and exports/ go). */
export function spawnParley(env: Record<string, string>, cwd: string): ParleyProcess {
  return spawnNode(['--import', tsxLoader, join(root, 'src/main.ts')], env, cwd);
}

/** Spawns the built `dist/main.js` exactly as `npm start` runs it (build first: {@link buildOnce}). */
export function spawnBuiltParley(env: Record<string, string>, cwd: string): ParleyProcess {
  return spawnNode([join(root, 'dist/main.js')], env, cwd);
}

let built: Promise<void> | undefined;
/** Runs `npm run build` once per test file, so spawned processes run what `npm start` runs. */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((resolve, reject) => {
    const build = spawn('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    build.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code}):\n${errors}`))));
  });
  return built;
}

function spawnNode(args: string[], env: Record<string, string>, cwd: string): ParleyProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  const waiters: Array<() => void> = [];
  const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    out[stream] += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout!.on('data', onData('stdout'));
  child.stderr!.on('data', onData('stderr'));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    async waitFor(pattern, stream = 'stdout') {
      let done = false;
      void exited.then(() => (done = true));
      while (!pattern.test(out[stream])) {
        if (done) throw new Error(`process exited before ${pattern} appeared on ${stream}:\n${out.stdout}\n${out.stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          void exited.then(() => resolve());
        });
      }
    },
    writeLine: (line) => void child.stdin!.write(`${line}\n`),
    exited,
  };
}

/** A fake model and a temporary folder, made once for the tests of the calling `describe`. */
export interface SpawnFixture {
  readonly fake: FakeAnthropic;
  /** The temporary folder: the process's working directory and where its SQLite files go. */
  readonly dir: string;
}

/** Registers beforeAll/afterAll hooks that start a fake model and a temporary folder, and tear them down. */
export function useSpawnFixture(): SpawnFixture {
  let fake: FakeAnthropic | undefined;
  let folder: { path: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    folder = await tempDir();
  });
  afterAll(async () => {
    await fake?.close();
    await folder?.cleanup();
  });
  return {
    get fake() {
      if (!fake) throw new Error('useSpawnFixture: the fake starts in beforeAll');
      return fake;
    },
    get dir() {
      if (!folder) throw new Error('useSpawnFixture: the folder is made in beforeAll');
      return folder.path;
    },
  };
}
