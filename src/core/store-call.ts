import { StoreUnavailable } from './errors.js';

/** Runs a store operation, turning any failure into StoreUnavailable so the user hears what happened. */
export async function storeCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new StoreUnavailable(`could not ${what}`, { cause: error });
  }
}
