// Times every store call into `store_call_duration_seconds{operation, outcome}`. A Proxy rather than a
// hand-written wrapper, so a method the store port gains later is timed without touching this file.
import type { Metrics } from '../core/index.js';

/** The store histogram's name in the metrics port. */
export const STORE_CALL_METRIC = 'store_call_duration_seconds';

/** Returns `store` with each async method timed; synchronous members pass through unchanged. */
export function timeStore<T extends object>(store: T, metrics: Metrics): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        const record = (outcome: string) => metrics.observe(STORE_CALL_METRIC, (performance.now() - started) / 1000, { operation: property, outcome });
        return result.then(
          (ok) => (record('ok'), ok),
          (error: unknown) => {
            record('error');
            throw error;
          },
        );
      };
    },
  });
}
