// Whether the SQLite file on disk is still the one the process opened. Deleted (or replaced by a
// restore) under a running process, SQLite keeps writing to the old inode: every later turn looks
// saved and is gone at the next restart. Comparing device and inode catches both.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';

/** What became of the opened file: `what` without the path (for probes), `detail` with it (for logs). */
export interface StoreFileChange {
  what: string;
  detail: string;
}

/** Reports what became of the opened file, or undefined while it is still the same one. */
export type StoreFileCheck = () => Promise<StoreFileChange | undefined>;

/** The file path of a sqlite:// STORE_URL, or undefined for other stores and in-memory SQLite. */
export function sqliteFileOf(storeUrl: string): string | undefined {
  if (!/^sqlite:\/\//i.test(storeUrl)) return undefined;
  const path = storeUrl.replace(/^sqlite:\/\//i, '').split('?', 1)[0]!;
  return path === '' || path === ':memory:' ? undefined : resolve(path);
}

/** Notes the file's identity now (after the store opened it) and returns a check against it. */
export async function watchStoreFile(path: string): Promise<StoreFileCheck> {
  const opened = await stat(path);
  return async () => {
    try {
      const now = await stat(path);
      if (now.ino === opened.ino && now.dev === opened.dev) return undefined;
      const what = 'the SQLite file was replaced after Parley opened it; restart Parley to use the new file';
      return { what, detail: `${what} (${path})` };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const what =
        code === 'ENOENT'
          ? 'the SQLite file was deleted after Parley opened it; turns written now are lost at restart: restore the file or restart Parley'
          : `the SQLite file cannot be checked (${code ?? 'error'})`;
      return { what, detail: `${what} (${path})` };
    }
  };
}
