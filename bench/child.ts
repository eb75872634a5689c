// Starting benchmark helpers in their own Node process, so their CPU is not the bot's CPU.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Forks a TypeScript file of bench/ under tsx with extra Node flags; stdout/stderr are inherited. */
export function forkTs(file: string, nodeFlags: string[] = [], args: string[] = []): ChildProcess {
  return fork(join(ROOT, 'bench', file), args, { execArgv: ['--import', TSX_LOADER, ...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Waits for the next IPC message of a child that satisfies `match`, failing if the child exits first or time runs out. */
export function nextMessage<T>(child: ChildProcess, match: (message: any) => boolean, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no message from child within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: unknown) => {
      if (match(message)) finish(undefined, message as T);
    };
    const onExit = (code: number | null) => finish(new Error(`child exited (${code}) before answering`));
    function finish(error: Error | undefined, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Ends a child started by {@link forkTs} and waits for it to go. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
