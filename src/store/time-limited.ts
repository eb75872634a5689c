/** Every store call gets this long; a frozen store then costs a person seconds, not a silent minute. */
export const STORE_CALL_TIMEOUT_MS = 3_000;

/** A store call that did not answer within its time limit (the core reports it as StoreUnavailable). */
export class StoreTimeout extends Error {
  constructor(readonly method: string, readonly ms: number) {
    super(`the store did not answer ${method} within ${ms} ms`);
    this.name = 'StoreTimeout';
  }
}

/**
 * Wraps every method of a store port so its promise rejects with StoreTimeout after `ms`. The call
 * itself may still finish later; the fenced commit makes a late commit harmless (its revision no
 * longer matches anything a newer turn builds on).
 */
export function timeLimited<T extends object>(port: T, ms: number): T {
  const limited = {} as Record<string, unknown>;
  for (const name of Object.keys(port) as Array<keyof T & string>) {
    const member = port[name];
    if (typeof member !== 'function') {
      limited[name] = member;
      continue;
    }
    limited[name] = (...args: unknown[]) => {
      const call = (member as (...a: unknown[]) => Promise<unknown>).apply(port, args);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new StoreTimeout(name, ms)), ms)));
      return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
    };
  }
  return limited as T;
}
