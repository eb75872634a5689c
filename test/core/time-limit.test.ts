import { describe, expect, it } from 'vitest';
import { withinTime } from '../../src/core/index.js';

describe('waiting with a time limit', () => {
  it('gives the work its value when it finishes in time', async () => {
    expect(await withinTime(Promise.resolve('done'), 1_000, 'late')).toBe('done');
  });

  it('gives the fallback when the work does not finish in time', async () => {
    expect(await withinTime(new Promise<string>(() => undefined), 1, 'late')).toBe('late');
  });

  it('waits as long as it takes without a limit', async () => {
    expect(await withinTime(Promise.resolve(7), undefined, 0)).toBe(7);
  });
});
